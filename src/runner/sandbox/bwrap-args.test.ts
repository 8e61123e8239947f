import { describe, expect, it } from 'vitest';
import { PROXY_SOCKET_INSIDE, bwrapAgentArgs, bwrapArgs, bwrapPidNamespaceArgs } from './bwrap-args';
import type { SandboxLayout } from './sandbox-layout';

const LAYOUT: SandboxLayout = {
  workdir: '/home/ada/.autoloop/workspaces/r1',
  readOnlyWorkdir: false,
  outputDir: '/home/ada/.autoloop/runs/r1/output',
  hidden: [
    { path: '/home/ada/.autoloop', kind: 'dir' },
    { path: '/home/ada/.ssh', kind: 'dir' },
    { path: '/home/ada/.netrc', kind: 'file' },
  ],
  readOnlyInside: ['/home/ada/.autoloop/workspaces/r1/.git'],
  sockets: [],
};

/** The mount operations in order, as `flag target` strings. */
function mounts(args: ReadonlyArray<string>): string[] {
  const found: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i] ?? '';
    if (flag === '--tmpfs') found.push(`tmpfs ${args[i + 1]}`);
    if (flag === '--bind' || flag === '--ro-bind') found.push(`${flag.slice(2)} ${args[i + 2]}`);
    if (flag === '--') break;
  }
  return found;
}

describe('bwrapArgs', () => {
  it('mounts parents before children: the data folder is hidden, then the workdir and output folder inside it come back, then .git read-only', () => {
    expect(mounts(bwrapArgs(LAYOUT, { kind: 'none' }, ['/bin/bash', '-c', 'ls']))).toEqual([
      'ro-bind /',
      'tmpfs /tmp',
      'tmpfs /home/ada/.autoloop',
      'tmpfs /home/ada/.ssh',
      'ro-bind /home/ada/.netrc',
      'bind /home/ada/.autoloop/workspaces/r1',
      'bind /home/ada/.autoloop/runs/r1/output',
      'ro-bind /home/ada/.autoloop/workspaces/r1/.git',
    ]);
  });

  it('hides a credential store inside a writable workdir after binding the workdir', () => {
    const home: SandboxLayout = { ...LAYOUT, workdir: '/home/ada', hidden: [{ path: '/home/ada/.ssh', kind: 'dir' }], readOnlyInside: [] };
    const order = mounts(bwrapArgs(home, { kind: 'none' }, ['true']));
    expect(order.indexOf('tmpfs /home/ada/.ssh')).toBeGreaterThan(order.indexOf('bind /home/ada'));
  });

  it('binds the workdir read-only under the read-only profile', () => {
    expect(mounts(bwrapArgs({ ...LAYOUT, readOnlyWorkdir: true }, { kind: 'none' }, ['true']))).toContain('ro-bind /home/ada/.autoloop/workspaces/r1');
  });

  it('cuts the network, drops capabilities, and ties the PID namespace to the runner; trusted network shares the host', () => {
    const args = bwrapArgs(LAYOUT, { kind: 'none' }, ['/bin/bash', '-c', 'echo hi']);
    expect(args).toEqual(expect.arrayContaining(['--unshare-all', '--cap-drop', 'ALL', '--die-with-parent', '--new-session']));
    expect(args).not.toContain('--share-net');
    expect(args.slice(-4)).toEqual(['--', '/bin/bash', '-c', 'echo hi']);
    expect(bwrapArgs(LAYOUT, { kind: 'all' }, ['true'])).toContain('--share-net');
  });

  it("gives a trusted run's command the host's file system and network, in a PID namespace tied to the runner", () => {
    const args = bwrapPidNamespaceArgs('/home/ada/project', ['/bin/bash', '-c', 'make']);
    expect(args.slice(0, 3)).toEqual(['--dev-bind', '/', '/']);
    expect(args).toEqual(expect.arrayContaining(['--unshare-pid', '--die-with-parent']));
    expect(args).not.toContain('--unshare-net');
    expect(args).not.toContain('--unshare-all');
  });

  it("binds the proxy's socket into the private /tmp and keeps the network namespace cut", () => {
    const args = bwrapArgs(LAYOUT, { kind: 'proxy', socketPath: '/tmp/autoloop-proxy-x/proxy.sock' }, ['true']);
    expect(mounts(args)).toContain(`bind ${PROXY_SOCKET_INSIDE}`);
    expect(mounts(args).indexOf(`bind ${PROXY_SOCKET_INSIDE}`)).toBeGreaterThan(mounts(args).indexOf('tmpfs /tmp'));
    expect(args).not.toContain('--share-net');
  });
});

describe('bwrapAgentArgs', () => {
  const hidden = [{ path: '/home/p/.autoloop', kind: 'dir' as const }];

  it('confined: a read-only host with a private /tmp; the data folder emptied before the folders inside it are bound back', () => {
    const args = bwrapAgentArgs({ hidden, keep: ['/home/p/.autoloop/worktrees/r1', '/tmp/autoloop-codex-mcp-x'], cwd: '/w', confine: true, uid: 0 }, [
      'codex',
      'app-server',
    ]);
    const joined = args.join(' ');
    expect(args.slice(0, 3)).toEqual(['--ro-bind', '/', '/']);
    expect(joined.indexOf('--tmpfs /tmp')).toBeLessThan(joined.indexOf('--bind /tmp/autoloop-codex-mcp-x'));
    expect(joined.indexOf('--tmpfs /home/p/.autoloop')).toBeLessThan(joined.indexOf('--bind /home/p/.autoloop/worktrees/r1'));
    // A user namespace where the agent is never root (root could unmount the tmpfs over the data folder); Codex's own
    // sandbox nests a bwrap there, unprivileged. The PID namespace dies with the runner.
    expect(joined).toContain('--unshare-user --uid 1000 --gid 1000 --unshare-pid --die-with-parent --chdir /w -- codex app-server');
    expect(bwrapAgentArgs({ hidden, keep: [], cwd: '/w', confine: true, uid: 501 }, ['codex']).join(' ')).toContain('--uid 501 --gid 501');
  });

  it('a read-only working folder under /tmp is bound back read-only after the private /tmp goes down, so Codex can start in it', () => {
    const args = bwrapAgentArgs({ hidden, keep: [], keepReadOnly: ['/tmp/work'], cwd: '/tmp/work', confine: true }, ['codex']);
    const joined = args.join(' ');
    expect(joined.indexOf('--tmpfs /tmp')).toBeLessThan(joined.indexOf('--ro-bind /tmp/work /tmp/work'));
    expect(joined).not.toContain('--bind /tmp/work');
  });

  it('trusted: the host as it is, but the data folder still empty', () => {
    const args = bwrapAgentArgs({ hidden, keep: [], cwd: '/w', confine: false }, ['codex']);
    expect(args.slice(0, 3)).toEqual(['--dev-bind', '/', '/']);
    expect(args.join(' ')).toContain('--tmpfs /home/p/.autoloop');
    expect(args).not.toContain('/tmp');
  });
});
