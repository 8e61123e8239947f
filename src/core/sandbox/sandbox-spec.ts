import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Providers } from '../../shared/providers';
import type { Run } from '../../shared/records';
import type { SandboxKind, SandboxSpec } from '../../shared/sandbox';

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * What a run's runner needs to confine its processes (pure): its sandbox, the data folder to hide, the network it
 * may reach, and the variables its tools may and may never see (every configured provider's key variable).
 */
export function sandboxSpecFor(
  run: Run,
  input: Readonly<{ dataDir: string; providers: Providers; passEnv: ReadonlyArray<string>; available: SandboxKind }>,
): SandboxSpec {
  const removeEnv = Object.values(input.providers).flatMap((provider) => (provider.apiKeyEnv === undefined ? [] : [provider.apiKeyEnv]));
  return {
    kind: run.sandbox,
    dataDir: input.dataDir,
    readOnlyWorkdir: run.permissions.profile === 'read-only',
    network: run.permissions.profile === 'trusted' ? 'all' : [...run.network],
    passEnv: input.passEnv.filter((name) => !removeEnv.includes(name)),
    removeEnv,
    // A trusted run is not confined, but on Linux its processes still die with it (issue: nothing left behind).
    ...(run.sandbox === 'none' && input.available === 'bwrap' ? { pidNamespace: true } : {}),
    // git inside a worktree reads its repository's `.git` (objects, refs): readable in the sandbox, never writable.
    ...(run.worktree && isFolder(join(run.worktree.repoPath, '.git')) ? { readOnlyPaths: [join(run.worktree.repoPath, '.git')] } : {}),
  };
}
