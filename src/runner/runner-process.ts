import { flushCompileCache } from 'node:module';
import { PROTOCOL_VERSION } from '../shared/protocol';
import { messageOf } from '../shared/errors';
import { loadModel } from './agent/load-model';
import { parseResumedConversation } from './loop/resumed-conversation';
import { runLoop } from './loop/run-loop';
import { connectToParent } from './parent-channel';
import { createCommandLauncher } from './sandbox/command-launcher';
import { createSupervisorLink } from './supervisor-link';
import { builtinTools } from './tools/builtin-tools';

/** How long the runner lets the event loop drain after `exit` before it leaves by force. */
const EXIT_DRAIN_MS = 2_000;

// The runner's stdout and stderr are never the protocol: they go to the supervisor's log tail.
let label = `runner ${process.pid}`;
const log = (line: string): void => void process.stderr.write(`[${label}] ${line}\n`);

/** How many model responses a resumed conversation holds: where a scripted model continues its script. */
function assistantTurnsIn(messages: ReadonlyArray<Record<string, unknown>>): number {
  return messages.filter((message) => message.role === 'assistant').length;
}

/** The runner's life: connect, take `init`, answer `ready`, load the model, run the loop, say `exit`. */
export async function runRunner(): Promise<void> {
  // If the supervisor dies, nobody can stop this runner any more: leave instead of running on as an orphan.
  process.once('disconnect', () => {
    log('the supervisor is gone; exiting');
    process.exit(0);
  });
  const link = createSupervisorLink(await connectToParent(), log);
  const init = await link.init;
  if (!init) {
    log('no init message arrived in time; exiting');
    process.exit(1);
  }
  // From here every line names the run, so a dropped message can be traced to it (DESIGN §3).
  label = `runner ${process.pid} run ${init.runId}`;
  link.send({ type: 'ready', pid: process.pid, protocol: PROTOCOL_VERSION });
  let loadError = '';
  try {
    // Checked before anything runs: a conversation that cannot be resumed fails the start, it is no crash to retry.
    parseResumedConversation(init.resume?.messages ?? []);
  } catch (error) {
    loadError = messageOf(error);
  }
  const model = loadError
    ? null
    : await loadModel(init.model, init.secrets, assistantTurnsIn(init.resume?.messages ?? [])).catch((error: unknown) => {
        loadError = `The model could not be loaded: ${messageOf(error)}`;
        return null;
      });
  // The provider's chunk is loaded now: write the compile cache while the run waits on its first
  // model call, not only at exit (a runner killed by a signal never reaches exit). No-op without one.
  flushCompileCache();
  const launcher = init.sandbox
    ? createCommandLauncher({
        spec: init.sandbox,
        workdir: init.workdir,
        outputDir: init.outputDir,
        onBlocked: (host) => link.send({ type: 'event', iteration: 0, kind: 'notice', data: { message: `The sandbox blocked a connection to ${host}: not in this run's network allowlist` } }),
      })
    : undefined;
  const outcome = model
    ? await runLoop({ init, link, model, tools: builtinTools(), ...(launcher ? { launcher } : {}) })
    : { reason: 'spawn_failed' as const, detail: loadError, iterations: init.resume?.iteration ?? 0 };
  await launcher?.close().catch((error: unknown) => log(`closing the network proxy failed: ${messageOf(error)}`));
  link.send({ type: 'exit', reason: outcome.reason, ...(outcome.detail ? { detail: outcome.detail } : {}), iterations: outcome.iterations });
  link.close();
  setTimeout(() => process.exit(0), EXIT_DRAIN_MS).unref();
}

/** Logs a fatal error to the supervisor's log tail and leaves. */
export function dieOf(error: unknown): never {
  log(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
