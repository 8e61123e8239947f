import { z } from 'zod';
import { assertNever } from './assert';

/** Which OS sandbox confines the processes a run starts (DESIGN §13): bubblewrap, macOS seatbelt, or none. */
export const SandboxKind = z.enum(['bwrap', 'seatbelt', 'none']);
export type SandboxKind = z.infer<typeof SandboxKind>;

/**
 * A host a run's commands may reach through the filtering proxy: a name (`api.github.com`), a wildcard over
 * subdomains (`*.npmjs.org`), or an IP address. `*` alone is refused: all network is the `trusted` profile's.
 */
export const NetworkHost = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$|^\d{1,3}(\.\d{1,3}){3}$/,
    'a host name such as api.github.com or *.npmjs.org (no scheme, port or path)',
  );
export type NetworkHost = z.infer<typeof NetworkHost>;

/** An environment variable name, as a template or a person declares it for tools. */
export const EnvVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name such as NODE_OPTIONS');

/**
 * What the runner needs to confine every process its run starts (sent in `init`). The engine decides it;
 * the runner obeys and refuses to run a command when the sandbox it was told to use cannot start.
 */
export const SandboxSpec = z
  .object({
    kind: SandboxKind,
    /** The engine's data folder (token, database, keys): hidden from every command. */
    dataDir: z.string().min(1),
    /** The working folder is read-only inside the sandbox (the `read-only` profile). */
    readOnlyWorkdir: z.boolean(),
    /** `all`: the host's network (trusted); otherwise only these hosts, through the filtering proxy (none: no network). */
    network: z.union([z.literal('all'), z.array(NetworkHost)]),
    /** Variables tools may see besides the base allowlist (a template's or the person's declarations). */
    passEnv: z.array(EnvVarName),
    /** Variables removed by name whatever else says (every configured provider's `apiKeyEnv`). */
    removeEnv: z.array(EnvVarName),
    /**
     * Unconfined (`kind: none`) but still in a PID namespace of bubblewrap's per command, so nothing a trusted run
     * starts outlives its runner (Linux with bwrap). Absent: false.
     */
    pidNamespace: z.boolean().optional(),
    /** Folders the run's commands may read but never write though they lie outside its workdir: a worktree's repository `.git`. */
    readOnlyPaths: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type SandboxSpec = z.infer<typeof SandboxSpec>;

/** Names that open a door out of the sandbox (an SSH agent, the desktop bus) or into the engine. */
const OPT_IN_NAMES: ReadonlySet<string> = new Set(['SSH_AUTH_SOCK', 'DBUS_SESSION_BUS_ADDRESS']);

/** True for a variable only a person may let through to tools, never a template: `SSH_AUTH_SOCK`, `DBUS_SESSION_BUS_ADDRESS`, `AUTOLOOP_*`. */
export function isOptInOnly(name: string): boolean {
  return OPT_IN_NAMES.has(name) || name.startsWith('AUTOLOOP_');
}

/** The sandbox in words, for the run page and the CLI. */
export function describeSandbox(kind: SandboxKind): string {
  switch (kind) {
    case 'bwrap':
      return 'Sandboxed (bubblewrap)';
    case 'seatbelt':
      return 'Sandboxed (macOS seatbelt)';
    case 'none':
      return 'Not sandboxed: commands run with your full access';
    default:
      return assertNever(kind, 'SandboxKind');
  }
}
