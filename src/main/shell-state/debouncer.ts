/** A function that runs at most once per quiet period, however often it is asked for. */
export type Debouncer = Readonly<{
  /** Runs the function `delayMs` after the last call, or `maxWaitMs` after the first unserved one. */
  schedule(): void;
  /** Runs it now if a run is scheduled (before quitting, so nothing is lost). */
  flush(): void;
  cancel(): void;
}>;

/**
 * Debounces `run`: a burst of state changes becomes one tray rebuild or one file write. A steady
 * stream (a busy run updates its tokens every response) still runs it every `maxWaitMs`.
 */
export function createDebouncer(run: () => void, delayMs: number, maxWaitMs = delayMs * 4): Debouncer {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstScheduledAt: number | null = null;
  const fire = (): void => {
    timer = null;
    firstScheduledAt = null;
    run();
  };
  return {
    schedule() {
      const now = Date.now();
      firstScheduledAt ??= now;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(fire, Math.max(0, Math.min(delayMs, firstScheduledAt + maxWaitMs - now)));
    },
    flush() {
      if (timer === null) return;
      clearTimeout(timer);
      fire();
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      firstScheduledAt = null;
    },
  };
}
