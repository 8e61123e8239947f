import type { InitMessage } from '../shared/protocol';
import { PROTOCOL_VERSION } from '../shared/protocol';
import { SPARE_STANDBY } from '../shared/runner-args';
import { batchedChannel } from './batched-channel';
import { connectToParent } from './parent-channel';
import { INIT_TIMEOUT_MS, type RunnerLog, type SupervisorLink, createSupervisorLink } from './supervisor-link';

// The runner's stdout and stderr are never the protocol: they go to the supervisor's log tail.
let label = `runner ${process.pid}`;
/** Writes a line to the supervisor's log tail, naming the runner (and its run once `init` came). */
export const log: RunnerLog = (line) => void process.stderr.write(`[${label}] ${line}\n`);

/**
 * The runner's first phase: connect, take and check `init`, answer `ready`. It needs only the
 * protocol (zod and the shared schemas), so `ready` goes out before the AI SDK, the tools and the
 * loop are loaded; messages that arrive meanwhile (an early `stop`) wait in the link.
 *
 * A spare runner (`spare`: the rest of the runner, loading) waits for `init` without a deadline and tells its host
 * once the rest is loaded; it has no run until `init` comes, and serves only that one.
 */
export async function handshake(spare: Promise<unknown> | null = null): Promise<{ link: SupervisorLink; init: InitMessage }> {
  // If the supervisor dies, nobody can stop this runner any more: leave instead of running on as an orphan.
  process.once('disconnect', () => {
    log('the supervisor is gone; exiting');
    process.exit(0);
  });
  const channel = await connectToParent();
  const link = createSupervisorLink(batchedChannel(channel), log, spare ? null : INIT_TIMEOUT_MS);
  let initCame = false;
  void spare?.then(() => initCame || channel.send({ type: SPARE_STANDBY }));
  const init = await link.init;
  initCame = true;
  if (!init) {
    log('no init message arrived in time; exiting');
    process.exit(1);
  }
  // From here every line names the run, so a dropped message can be traced to it (DESIGN §3).
  label = `runner ${process.pid} run ${init.runId}`;
  link.send({ type: 'ready', pid: process.pid, protocol: PROTOCOL_VERSION });
  return { link, init };
}

/** Logs a fatal error to the supervisor's log tail and leaves. */
export function dieOf(error: unknown): never {
  log(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
