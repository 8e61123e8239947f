import { type HiddenPath, type SandboxLayout, pathDepth } from './sandbox-layout';

/** Where the filtering proxy's socket appears inside the sandbox (its private /tmp). */
export const PROXY_SOCKET_INSIDE = '/tmp/.autoloop-proxy.sock';

/** The network a sandboxed command gets: none, the host's, or only the filtering proxy's socket. */
export type SandboxNetwork = Readonly<{ kind: 'none' } | { kind: 'all' } | { kind: 'proxy'; socketPath: string }>;

type Mount = Readonly<{ target: string; args: ReadonlyArray<string> }>;

function mountsOf(layout: SandboxLayout, network: SandboxNetwork): Mount[] {
  const mounts: Mount[] = [{ target: '/tmp', args: ['--tmpfs', '/tmp'] }];
  for (const hidden of layout.hidden) {
    mounts.push({ target: hidden.path, args: hidden.kind === 'dir' ? ['--tmpfs', hidden.path] : ['--ro-bind', '/dev/null', hidden.path] });
  }
  mounts.push({ target: layout.workdir, args: [layout.readOnlyWorkdir ? '--ro-bind' : '--bind', layout.workdir, layout.workdir] });
  mounts.push({ target: layout.outputDir, args: ['--bind', layout.outputDir, layout.outputDir] });
  for (const inside of layout.readOnlyInside) mounts.push({ target: inside, args: ['--ro-bind', inside, inside] });
  for (const socket of layout.sockets) mounts.push({ target: socket, args: ['--bind', socket, socket] });
  if (network.kind === 'proxy') mounts.push({ target: PROXY_SOCKET_INSIDE, args: ['--bind', network.socketPath, PROXY_SOCKET_INSIDE] });
  // Parents first (a stable sort keeps the order above among equals): the data folder's tmpfs goes down before the
  // workdir inside it is bound back, and a credential store inside a writable workdir is hidden after the bind.
  return mounts.sort((a, b) => pathDepth(a.target) - pathDepth(b.target));
}

/**
 * The bubblewrap command line that runs `command` unconfined (a trusted run: the host's file system, devices and
 * network) but in its own PID namespace that dies with the runner, so nothing it starts outlives the run. Pure.
 */
export function bwrapPidNamespaceArgs(cwd: string, command: ReadonlyArray<string>): string[] {
  return ['--dev-bind', '/', '/', '--proc', '/proc', '--unshare-pid', '--die-with-parent', '--chdir', cwd, '--', ...command];
}

/**
 * The bubblewrap command line that runs `command` confined to a run's layout (pure; the caller gathers the layout).
 * The whole file system is read-only, /tmp is private, the hidden paths are empty, the workdir and output folder are
 * writable; every namespace is new (network only when asked), no capabilities, a new session (no terminal injection),
 * and the command's PID namespace dies with the runner (`--die-with-parent`) or with the command itself.
 */
export function bwrapArgs(layout: SandboxLayout, network: SandboxNetwork, command: ReadonlyArray<string>): string[] {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc'];
  for (const mount of mountsOf(layout, network)) args.push(...mount.args);
  args.push('--unshare-all');
  if (network.kind === 'all') args.push('--share-net');
  args.push('--cap-drop', 'ALL', '--die-with-parent', '--new-session', '--chdir', layout.workdir, '--', ...command);
  return args;
}

/**
 * The bubblewrap command line that runs an agent that confines its own commands (Codex, whose sandbox nests a bwrap of
 * its own, unprivileged, in the user namespace this one makes: `uid` is who the runner is, root mapped to an ordinary
 * uid), with the host's network (the agent calls its model service). The hidden
 * paths (the data folder, credential stores) are empty; `confine` makes the rest of the file system read-only with a
 * private /tmp, so that even a command the agent runs outside its own sandbox writes only in the `keep` folders (the
 * working and output folders, the agent's home, the socket folder of its MCP server), bound back writable. Its own PID
 * namespace, dead with the runner. Pure.
 */
export function bwrapAgentArgs(
  input: Readonly<{
    hidden: ReadonlyArray<HiddenPath>;
    keep: ReadonlyArray<string>;
    /** Folders bound back read-only (a `read-only` run's working folder: it may lie under the private `/tmp`). */
    keepReadOnly?: ReadonlyArray<string>;
    cwd: string;
    confine: boolean;
    /** Who the runner is (root is mapped to an ordinary uid inside); the process's own when left out. */
    uid?: number;
  }>,
  command: ReadonlyArray<string>,
): string[] {
  const mounts: Mount[] = input.confine ? [{ target: '/tmp', args: ['--tmpfs', '/tmp'] }] : [];
  for (const hidden of input.hidden) {
    mounts.push({ target: hidden.path, args: hidden.kind === 'dir' ? ['--tmpfs', hidden.path] : ['--ro-bind', '/dev/null', hidden.path] });
  }
  for (const keep of input.keep) mounts.push({ target: keep, args: ['--bind', keep, keep] });
  for (const keep of input.keepReadOnly ?? []) mounts.push({ target: keep, args: ['--ro-bind', keep, keep] });
  const args = input.confine ? ['--ro-bind', '/', '/', '--dev-bind', '/dev', '/dev', '--proc', '/proc'] : ['--dev-bind', '/', '/', '--proc', '/proc'];
  // Parents first: /tmp and the data folder's tmpfs go down before the folders inside them are bound back.
  for (const mount of mounts.sort((a, b) => pathDepth(a.target) - pathDepth(b.target))) args.push(...mount.args);
  // A user namespace, never root inside: a process with the capabilities of root in the mount namespace could unmount the
  // tmpfs over the data folder and read what is under it (an approved escalation, or any command of a trusted run, runs
  // outside Codex's own sandbox). Codex's own sandbox nests a bubblewrap, which works unprivileged in a user namespace.
  const uid = String(agentUid(input.uid ?? process.getuid?.() ?? AGENT_UID_FOR_ROOT));
  args.push('--unshare-user', '--uid', uid, '--gid', uid, '--unshare-pid', '--die-with-parent', '--chdir', input.cwd, '--', ...command);
  return args;
}

/** The uid (and gid) an agent wrapped by the runner has inside its user namespace when the runner is root. */
export const AGENT_UID_FOR_ROOT = 1000;

/** Root outside is an ordinary user inside (files owned by root outside are this user's inside); anyone else stays who they are. */
export function agentUid(outside: number): number {
  return outside === 0 ? AGENT_UID_FOR_ROOT : outside;
}
