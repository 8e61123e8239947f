import { parseArgs } from 'node:util';
import { EVENTS_PAGE_MAX } from '../../../shared/api';
import type { Run, RunEvent } from '../../../shared/records';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { type ApiSession, withSession } from '../api-session';
import { COMMON_OPTIONS, findRun, onePositional } from '../command-args';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK } from '../exit-code';
import { LOG_START, closeLog, formatLogEvent } from '../log-format';
import { describeOutcome } from '../run-words';
import { type Output, createOutput } from '../terminal-output';

/** Whether a run may still produce events: it has (or is about to get) a process. */
function hasProcess(run: Pick<Run, 'status'>): boolean {
  return run.status !== 'ended' && run.status !== 'paused';
}

/** Prints events in order, each once, as JSON lines or as terminal text. */
function createEventPrinter(output: Output) {
  let cursor = LOG_START;
  let lastSeq = 0;
  return {
    get lastSeq() {
      return lastSeq;
    },
    print(events: ReadonlyArray<RunEvent>): void {
      for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
        if (event.seq <= lastSeq) continue;
        lastSeq = event.seq;
        if (output.json) {
          output.jsonLine(event);
          continue;
        }
        const next = formatLogEvent(cursor, event, output.paint);
        cursor = next.cursor;
        output.write(next.text);
      }
    },
    finish(): void {
      if (!output.json) output.write(closeLog(cursor));
      cursor = LOG_START;
    },
  };
}

type EventPrinter = ReturnType<typeof createEventPrinter>;

/** Prints every stored event after the printer's last one, page by page. */
async function printStored(session: ApiSession, runId: string, printer: EventPrinter): Promise<void> {
  for (;;) {
    const page = await session.call('runs.events', { id: runId, afterSeq: printer.lastSeq, limit: EVENTS_PAGE_MAX });
    printer.print(page.events);
    if (page.events.length < EVENTS_PAGE_MAX) return;
  }
}

/** Prints the log so far, then live events until the run has no process (ended or paused) or Ctrl-C. */
async function follow(session: ApiSession, run: Run, printer: EventPrinter): Promise<{ run: Run | null; interrupted: boolean; lost: string | null }> {
  let backlog: RunEvent[] | null = [];
  let settle: (run: Run | null) => void = () => undefined;
  const settled = new Promise<Run | null>((resolve) => (settle = resolve));
  const unsubscribe = session.onEvent((pushed) => {
    if (pushed.type === 'run.event' && pushed.event.runId === run.id) {
      if (backlog) backlog.push(pushed.event);
      else printer.print([pushed.event]);
    }
    if (pushed.type === 'run.updated' && pushed.run.id === run.id && !hasProcess(pushed.run)) settle(pushed.run);
  });
  let interrupted = false;
  const interrupt = (): void => {
    interrupted = true;
    settle(null);
  };
  process.once('SIGINT', interrupt);
  try {
    await printStored(session, run.id, printer);
    printer.print(backlog);
    backlog = null;
    const current = await session.call('runs.get', { id: run.id });
    if (!hasProcess(current)) settle(current);
    let lost: string | null = null;
    const ended = await Promise.race([settled, session.lost.then((reason) => ((lost = reason), null))]);
    // The last events of a run are written just after its final status: read them from the store.
    if (ended) await printStored(session, run.id, printer);
    return { run: ended, interrupted, lost: ended ? null : lost };
  } finally {
    unsubscribe();
    process.off('SIGINT', interrupt);
  }
}

/** `autoloop logs <run> [-f] [--json]`: the run's events from the first; `-f` follows them live (DESIGN §11). */
export async function logsCommand(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, follow: { type: 'boolean', short: 'f', default: false } },
  });
  const ref = onePositional(positionals, 'autoloop logs <run> [-f] [--json]');
  const output = createOutput({ json: values.json });
  const printer = createEventPrinter(output);
  return withSession(resolveDataDir(values['data-dir']), paths, 'read', async (session) => {
    const run = await findRun(session, ref);
    if (!values.follow) {
      await printStored(session, run.id, printer);
      printer.finish();
      if (!output.json && printer.lastSeq === 0) output.line('No events yet.');
      return EXIT_OK;
    }
    const outcome = await follow(session, run, printer);
    printer.finish();
    if (outcome.run && !output.json) output.line(output.paint.dim(`— ${describeOutcome(outcome.run)}`));
    if (outcome.interrupted) return EXIT_INTERRUPTED;
    if (outcome.lost !== null) {
      // The run goes on (or not) on the server; this command could not see it end: not a success.
      const why = outcome.lost === '' ? '' : ` (${outcome.lost})`;
      output.warn(`autoloop: lost the connection to the server while following ${run.name} (${run.id})${why}; \`autoloop ls\` shows where it is now`);
      return EXIT_FAILURE;
    }
    return EXIT_OK;
  });
}
