import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import type { LiveRunRegistry } from './live-run-registry';
import { type LivenessOptions, livenessAction } from './liveness';

/** How often the monitor looks at every live runner (at most: never less often than the pong timeout). */
const LIVENESS_CHECK_MS = 1_000;

/**
 * Pings a runner silent for `silenceMs`; one that does not answer within `pongTimeoutMs` is killed
 * and marked unresponsive, so its exit is recorded as a crash. Returns the function that stops watching.
 */
export function watchLiveness(registry: LiveRunRegistry, options: LivenessOptions, log: Logger): () => void {
  const timer = setInterval(
    () => {
      const at = Date.now();
      for (const state of registry.all()) {
        const action = livenessAction(state, at, options);
        if (action === 'ping') {
          state.pingSentAt = at;
          state.connection.send({ type: 'ping', nonce: randomUUID() });
        } else if (action === 'kill' && !state.unresponsive) {
          state.unresponsive = true;
          log.warn(`run ${state.runId}: no pong within ${options.pongTimeoutMs} ms; killing the runner`);
          state.connection.kill('SIGKILL');
        }
      }
    },
    Math.min(LIVENESS_CHECK_MS, options.pongTimeoutMs),
  );
  timer.unref();
  return () => clearInterval(timer);
}
