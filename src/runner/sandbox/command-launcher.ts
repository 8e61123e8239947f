import { lstat, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SandboxKind, SandboxSpec } from '../../shared/sandbox';
import { bwrapArgs, bwrapPidNamespaceArgs } from './bwrap-args';
import { type FilteringProxy, startFilteringProxy } from './filtering-proxy';
import { PROXY_PORT_INSIDE, bridgedCommand, proxyEnvironment } from './proxy-bridge';
import { type HiddenPath, type SandboxLayout, hiddenCandidates } from './sandbox-layout';
import { seatbeltProfile } from './seatbelt-profile';
import { buildToolEnvironment } from './tool-environment';

/** How to start one command: the program, its arguments and its environment. */
export type Launch = Readonly<{ file: string; args: ReadonlyArray<string>; env: Readonly<Record<string, string>> }>;

/** Starts every process of a run confined to the run's sandbox, with the clean tool environment. */
export type CommandLauncher = Readonly<{
  kind: SandboxKind;
  /** How to run `argv` in `cwd`. Fails (closed) when the sandbox cannot be prepared. */
  prepare(argv: ReadonlyArray<string>): Promise<Launch>;
  /** Stops the filtering proxy, if one was started. */
  close(): Promise<void>;
}>;

/** What the launcher reads from the runner process; tests pass their own. */
export type LauncherHost = Readonly<{ env: Readonly<Record<string, string | undefined>>; home: string; nodePath: string; isElectron: boolean }>;

export type LauncherOptions = Readonly<{
  spec: SandboxSpec;
  workdir: string;
  outputDir: string;
  /** Told each time the proxy refuses a host, for the run's log. */
  onBlocked?: (host: string) => void;
  host?: LauncherHost;
}>;

function runnerHost(): LauncherHost {
  return { env: process.env, home: os.homedir(), nodePath: process.execPath, isElectron: process.versions.electron !== undefined };
}

async function kindOf(target: string): Promise<'dir' | 'file' | 'socket' | null> {
  try {
    const stats = await lstat(target);
    if (stats.isDirectory()) return 'dir';
    return stats.isSocket() ? 'socket' : 'file';
  } catch {
    return null; // absent: nothing to hide
  }
}

/** Gathers the run's layout: which of the paths to hide exist, whether the workdir is a git repository, which sockets were let through. */
async function gatherLayout(options: LauncherOptions, host: LauncherHost): Promise<SandboxLayout> {
  const candidates = hiddenCandidates(host.home, options.spec.dataDir, process.platform === 'linux' ? ['/run/user'] : []);
  const hidden: HiddenPath[] = [];
  for (const candidate of candidates) {
    const kind = await kindOf(candidate);
    if (kind !== null) hidden.push({ path: candidate, kind: kind === 'dir' ? 'dir' : 'file' });
  }
  const gitDir = path.join(options.workdir, '.git');
  const sockets: string[] = [];
  for (const name of ['SSH_AUTH_SOCK']) {
    const value = host.env[name];
    if (options.spec.passEnv.includes(name) && value !== undefined && (await kindOf(value)) === 'socket') sockets.push(value);
  }
  return {
    workdir: options.workdir,
    readOnlyWorkdir: options.spec.readOnlyWorkdir,
    outputDir: options.outputDir,
    hidden,
    // A worktree's `.git` is a file naming its git folder: kept read-only like a repository's `.git` folder, and the
    // repository's git folder it points into (`readOnlyPaths`) is there to read, never to write.
    readOnlyInside: [...(['dir', 'file'].includes((await kindOf(gitDir)) ?? '') ? [gitDir] : []), ...(options.spec.readOnlyPaths ?? [])],
    sockets,
  };
}

/**
 * The launcher for a run's sandbox (`init.sandbox`): bubblewrap on Linux, `sandbox-exec` on macOS, or none (trusted).
 * The filtering proxy starts with the first command that needs it and lives as long as the run.
 */
export function createCommandLauncher(options: LauncherOptions): CommandLauncher {
  const host = options.host ?? runnerHost();
  const { spec } = options;
  const allowlist = spec.network === 'all' ? [] : spec.network;
  let proxy: Promise<{ proxy: FilteringProxy; folder: string }> | null = null;
  const startProxy = (listenOnSocket: boolean): Promise<{ proxy: FilteringProxy; folder: string }> => {
    proxy ??= (async () => {
      const folder = await mkdtemp(path.join(os.tmpdir(), 'autoloop-proxy-'));
      const listen = listenOnSocket ? { socketPath: path.join(folder, 'proxy.sock') } : { port: 0 as const };
      return { proxy: await startFilteringProxy(listen, allowlist, options.onBlocked ?? (() => undefined)), folder };
    })();
    return proxy;
  };
  const environment = (overrides: Record<string, string>): Record<string, string> =>
    buildToolEnvironment(host.env, { passEnv: spec.passEnv, removeEnv: spec.removeEnv, overrides });

  return {
    kind: spec.kind,
    async prepare(argv) {
      if (spec.kind === 'none') {
        if (spec.pidNamespace === true) return { file: 'bwrap', args: bwrapPidNamespaceArgs(options.workdir, argv), env: environment({}) };
        return { file: argv[0] ?? '/bin/bash', args: argv.slice(1), env: environment({}) };
      }
      const layout = await gatherLayout(options, host);
      if (spec.kind === 'bwrap') {
        if (allowlist.length === 0) {
          const network = spec.network === 'all' ? { kind: 'all' as const } : { kind: 'none' as const };
          return { file: 'bwrap', args: bwrapArgs(layout, network, argv), env: environment({ TMPDIR: '/tmp' }) };
        }
        const { proxy: running } = await startProxy(true);
        const command = bridgedCommand(host.nodePath, argv);
        const env = environment({ TMPDIR: '/tmp', ...proxyEnvironment(PROXY_PORT_INSIDE), ...(host.isElectron ? { ELECTRON_RUN_AS_NODE: '1' } : {}) });
        return { file: 'bwrap', args: bwrapArgs(layout, { kind: 'proxy', socketPath: running.socketPath ?? '' }, command), env };
      }
      const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'autoloop-cmd-'));
      const port = allowlist.length === 0 ? null : (await startProxy(false)).proxy.port;
      const network = spec.network === 'all' ? { kind: 'all' as const } : port === null ? { kind: 'none' as const } : { kind: 'proxy' as const, port };
      const env = environment({ TMPDIR: tmpDir, ...(port === null ? {} : proxyEnvironment(port)) });
      return { file: '/usr/bin/sandbox-exec', args: ['-p', seatbeltProfile(layout, network, tmpDir), ...argv], env };
    },
    async close() {
      if (proxy === null) return;
      const { proxy: running, folder } = await proxy;
      await running.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
