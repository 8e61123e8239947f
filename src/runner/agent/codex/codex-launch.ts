import { existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codexHomeFolderName } from '../../../shared/agents';
import type { InitMessage } from '../../../shared/protocol';
import { bwrapAgentArgs } from '../../sandbox/bwrap-args';
import { type AgentLaunch, hiddenForAgent, mayShowInsideDataFolder, wrapsAgent } from '../../sandbox/agent-launch';

/** A private Codex home for one run (its threads, its config): made by the runner, removed by the engine at the run's end. */
export type CodexHome = Readonly<{ path: string }>;

/** Where private Codex homes go: not under /tmp (Codex refuses to set up its sandbox helper in a temporary folder). */
export function codexHomeBase(): string {
  return existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir();
}

/**
 * The run's own `CODEX_HOME` (with a key from Autoloop's providers there is no login to share):
 * `/var/tmp/autoloop-codex-home-<run>`, the same folder again after a pause so the thread goes on. Made private (0700);
 * one already there is taken only if it is this user's own, private, and not a link.
 */
export function codexHomeFor(runId: string, base: string = codexHomeBase()): CodexHome {
  const folder = path.join(base, codexHomeFolderName(runId));
  try {
    mkdirSync(folder, { mode: 0o700 });
    return { path: folder };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stats = lstatSync(folder);
  const uid = process.getuid?.() ?? stats.uid;
  if (!stats.isDirectory() || stats.isSymbolicLink() || stats.uid !== uid || (stats.mode & 0o077) !== 0) {
    throw new Error(`${folder} is not a private folder of this user: remove it, then resume the run.`);
  }
  return { path: folder };
}

/** How the runner starts Codex: in a bubblewrap that hides Autoloop's data folder where there is one (Linux), else as it is. */
export type CodexLaunch = AgentLaunch;

/** Where the person's own Codex keeps its login and threads (`CODEX_HOME`, else `~/.codex`). */
export function personalCodexHome(env: Readonly<Record<string, string | undefined>>): string {
  return env.CODEX_HOME ?? path.join(os.homedir(), '.codex');
}

/**
 * The Codex rules files (`<home>/rules/*.rules`, not empty) of a Codex home. codex-cli 0.171's `app-server` has no
 * switch to leave them out (`codex exec --ignore-rules` does): a command a rule allows runs outside Codex's sandbox
 * without an approval request, so the run's gate never sees it.
 */
export function codexRulesFiles(home: string): string[] {
  const folder = path.join(home, 'rules');
  try {
    return readdirSync(folder)
      .filter((name) => name.endsWith('.rules'))
      .map((name) => path.join(folder, name))
      .filter((file) => statSync(file).isFile() && statSync(file).size > 0)
      .sort();
  } catch {
    return [];
  }
}

/**
 * Codex's sandbox confines its commands, not Codex itself: on Linux with bubblewrap (the run's sandbox spec says so) the
 * runner wraps `codex app-server` in a bubblewrap of its own that hides the data folder (token, database, keys) and the
 * home's credential stores, in a user namespace where it is never root (root could unmount what hides them; Codex's own
 * nested sandbox starts unprivileged there). In every profile but
 * `trusted` the rest is read-only but for the working and output folders, Codex's home and `writable` (the MCP
 * socket's folder): a command Codex runs outside its own sandbox (an approved escalation) is still confined there.
 */
export function codexLaunch(
  init: InitMessage,
  executable: string,
  args: ReadonlyArray<string>,
  options: Readonly<{ codexHome: string; writable: ReadonlyArray<string> }>,
): CodexLaunch {
  const spec = init.sandbox;
  if (!wrapsAgent(spec)) return { file: executable, args, wrapped: false };
  const hidden = hiddenForAgent(spec.dataDir);
  const confine = init.permissions.profile !== 'trusted';
  // Codex's home must be there to be bound back writable (the person's may not exist yet: Codex would make it).
  if (confine) mkdirSync(options.codexHome, { recursive: true, mode: 0o700 });
  // The `read-only` profile's working folder stays read-only (the whole file system is, but for what is bound back).
  const keep = [...(spec.readOnlyWorkdir ? [] : [init.workdir]), init.outputDir, options.codexHome, ...options.writable].filter(
    (folder, index, all) => all.indexOf(folder) === index && existsSync(folder) && mayShowInsideDataFolder(folder, spec.dataDir),
  );
  // It is still there, read-only: under the private `/tmp` Codex could not even start in it otherwise.
  // So is Codex's own install when it lies under /tmp (a checkout there): the private `/tmp` would hide the binary.
  const install = confine ? installRootOf(executable) : null;
  const keepReadOnly = [
    ...(spec.readOnlyWorkdir && existsSync(init.workdir) && mayShowInsideDataFolder(init.workdir, spec.dataDir) ? [init.workdir] : []),
    ...(install !== null && isInside('/tmp', install) ? [install] : []),
  ];
  return { file: 'bwrap', args: bwrapAgentArgs({ hidden, keep, keepReadOnly, cwd: init.workdir, confine }, [executable, ...args]), wrapped: true };
}

/**
 * Where an agent's binary is installed, the folder that must stay visible for it to run: the `node_modules` that holds
 * it (an npm package's launcher script finds its platform binary in a sibling package), else the binary's own folder.
 * Null when the binary is not there.
 */
export function installRootOf(executable: string): string | null {
  let real: string;
  try {
    real = realpathSync(executable);
  } catch {
    return null;
  }
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = real.indexOf(marker);
  return at === -1 ? path.dirname(real) : real.slice(0, at + marker.length - 1);
}

function isInside(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
