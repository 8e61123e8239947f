import type { Logger } from './logger';

/** How long the last-resort pause may take before the process exits anyway. */
export const LAST_RESORT_PAUSE_MS = 20_000;

/** The part of `process` the handler listens on (a plain EventEmitter in tests). */
export type ProcessEvents = Readonly<{
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
  off(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
}>;

/**
 * The last resort of a process that holds an engine (`autoloop serve`, the desktop app's main
 * process): an error nothing else caught is logged with its stack, every run is paused cleanly
 * (each resumes later from its checkpoint, e.g. with `autoloop serve --resume-shutdown`), and the
 * process exits with `exitCode` instead of dying mid-write. A second error while this runs is only
 * logged. Returns a function that uninstalls it.
 */
export function installLastResort(
  target: ProcessEvents,
  deps: Readonly<{ log: Logger; pauseAndClose(): Promise<void>; exit(code: number): void; exitCode: number; pauseMs?: number }>,
): () => void {
  let handling = false;
  const handle = (kind: string) => (error: unknown) => {
    if (handling) {
      deps.log.error(`another ${kind} while pausing the runs`, error);
      return;
    }
    handling = true;
    deps.log.error(`${kind}: the engine cannot go on safely; pausing every run and exiting (resume them after a restart)`, error);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        deps.log.error(`pausing the runs took over ${(deps.pauseMs ?? LAST_RESORT_PAUSE_MS) / 1000} s; exiting anyway`);
        resolve();
      }, deps.pauseMs ?? LAST_RESORT_PAUSE_MS);
    });
    const paused = deps.pauseAndClose().catch((failure: unknown) => deps.log.error('pausing the runs failed', failure));
    void Promise.race([paused, deadline]).then(() => {
      clearTimeout(timer);
      deps.exit(deps.exitCode);
    });
  };
  const onException = handle('uncaught exception');
  const onRejection = handle('unhandled promise rejection');
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}
