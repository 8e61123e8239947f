import { PROTOCOL_VERSION } from '../shared/protocol';
import { messageOf } from '../shared/errors';
import { loadModel } from './agent/load-model';
import { runLoop } from './loop/run-loop';
import { connectToParent } from './parent-channel';
import { createSupervisorLink, waitForInit } from './supervisor-link';
import { builtinTools } from './tools/builtin-tools';

/** How long the runner lets the event loop drain after `exit` before it leaves by force. */
const EXIT_DRAIN_MS = 2_000;

// The runner's stdout and stderr are never the protocol: they go to the supervisor's log tail.
const log = (line: string): void => void process.stderr.write(`[runner ${process.pid}] ${line}\n`);

async function main(): Promise<void> {
  const channel = await connectToParent();
  const init = await waitForInit(channel, log);
  if (!init) {
    log('no init message arrived in time; exiting');
    process.exit(1);
  }
  const link = createSupervisorLink(channel, log);
  link.send({ type: 'ready', pid: process.pid, protocol: PROTOCOL_VERSION });
  const model = await loadModel(init.model).catch((error: unknown) => {
    log(messageOf(error));
    return null;
  });
  const outcome = model
    ? await runLoop({ init, link, model, tools: builtinTools() })
    : { reason: 'spawn_failed' as const, detail: 'the model could not be loaded; see the runner log', iterations: init.resume?.iteration ?? 0 };
  link.send({ type: 'exit', reason: outcome.reason, ...(outcome.detail ? { detail: outcome.detail } : {}), iterations: outcome.iterations });
  link.close();
  setTimeout(() => process.exit(0), EXIT_DRAIN_MS).unref();
}

main().catch((error: unknown) => {
  log(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
