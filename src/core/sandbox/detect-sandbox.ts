import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { SandboxKind } from '../../shared/sandbox';

/** How long the one-time bubblewrap probe may take before it counts as not working. */
export const SANDBOX_PROBE_TIMEOUT_MS = 5_000;

/** Where macOS keeps `sandbox-exec`. */
export const SANDBOX_EXEC_PATH = '/usr/bin/sandbox-exec';

/** True when bubblewrap can start a confined process here (installed, and the kernel lets it make its namespaces). */
function bwrapWorks(): boolean {
  const probe = spawnSync('bwrap', ['--ro-bind', '/', '/', '--unshare-all', '--cap-drop', 'ALL', '--die-with-parent', '--', '/bin/true'], {
    stdio: 'ignore',
    timeout: SANDBOX_PROBE_TIMEOUT_MS,
  });
  return probe.error === undefined && probe.status === 0;
}

/** The OS sandbox this machine offers (probed once by the engine): bubblewrap on Linux, seatbelt on macOS, else none. */
export function detectSandbox(platform: NodeJS.Platform = process.platform): SandboxKind {
  if (platform === 'linux') return bwrapWorks() ? 'bwrap' : 'none';
  if (platform === 'darwin') return existsSync(SANDBOX_EXEC_PATH) ? 'seatbelt' : 'none';
  return 'none';
}
