import { isSpareStandby } from '../../shared/runner-args';
import type { RunnerConnection, RunnerHost } from './runner-host';

export type SpareRunnerOptions = Readonly<{
  /** Start the next spare this long after one is taken, so it does not compete with the run that took it for the CPU. */
  refillDelayMs?: number;
  /** Keep no spare after the first is taken (a foreground `autoloop run`, which starts one run and leaves). */
  once?: boolean;
  /** A spare that died unused is replaced this many times in a row, then the host starts runners cold. */
  maxFailures?: number;
  warn?: (message: string) => void;
}>;

/** A runner host that keeps one spare runner ready: a run takes it instead of waiting for a runner's start. */
export type SpareRunnerHost = RunnerHost & {
  /** Starts a spare now if none is alive (the shells call it once their engine is up). */
  warm(): void;
  /** Settles with true once the spare has loaded the runner and waits, false when there is none (benchmarks, tests). */
  whenWarm(): Promise<boolean>;
  /** The spare's pid, or null when there is none. */
  sparePid(): number | null;
  close(): Promise<void>;
};

type Spare = { connection: RunnerConnection; standby: boolean; gone: boolean; stopListening: () => void; warmed: Promise<boolean> };

const DEFAULT_REFILL_DELAY_MS = 2_000;
const DEFAULT_MAX_FAILURES = 3;
/** How long `close` waits for a killed spare to be gone. */
const CLOSE_WAIT_MS = 2_000;

/** A taken spare's messages, without its standby (which can still be in flight when `init` goes out). */
function withoutStandby(connection: RunnerConnection): RunnerConnection {
  return {
    pid: connection.pid,
    send: (message) => connection.send(message),
    onMessage: (listener) => connection.onMessage((message) => void (isSpareStandby(message) || listener(message))),
    kill: (signal) => connection.kill(signal),
    exited: connection.exited,
    stderrTail: () => connection.stderrTail(),
  };
}

/**
 * Keeps one spare runner started through `inner`: a runner process that has loaded the runner (the handshake, the AI
 * SDK, the tools and the loop) and waits for `init`. `start` hands the spare to the run, which then pays neither
 * Node's start nor the runner's loading, and a new spare starts `refillDelayMs` later. A spare holds nothing of any
 * run (its environment is every runner's, keys travel in `init`), serves one run and ends with it, and leaves when
 * its host closes or the engine's process goes (the runner exits when its channel to the engine closes).
 */
export function keepingASpare(inner: RunnerHost, options: SpareRunnerOptions = {}): SpareRunnerHost {
  const refillDelayMs = options.refillDelayMs ?? DEFAULT_REFILL_DELAY_MS;
  const maxFailures = options.maxFailures ?? DEFAULT_MAX_FAILURES;
  let spare: Spare | null = null;
  let refill: NodeJS.Timeout | null = null;
  let failures = 0;
  let closed = false;
  let taken = false;

  function startSpare(): void {
    if (closed || spare !== null || (options.once && taken) || failures >= maxFailures) return;
    const connection = inner.start('spare', { spare: true });
    let markWarm: (warm: boolean) => void = () => undefined;
    const current: Spare = {
      connection,
      standby: false,
      gone: false,
      stopListening: () => undefined,
      warmed: new Promise<boolean>((resolve) => (markWarm = resolve)),
    };
    current.stopListening = connection.onMessage((message) => {
      if (!isSpareStandby(message)) return;
      current.standby = true;
      failures = 0;
      markWarm(true);
    });
    spare = current;
    void connection.exited.then((exit) => {
      current.gone = true;
      markWarm(false);
      if (spare !== current) return;
      // Died unused: not closed by us, not taken by a run.
      spare = null;
      current.stopListening();
      if (closed) return;
      failures += 1;
      const how = exit.signal ?? `code ${exit.code}`;
      options.warn?.(
        failures >= maxFailures
          ? `The spare runner ended before any run took it (${how}) ${failures} times in a row; runners now start when a run starts. ${exit.stderrTail.slice(-500)}`.trim()
          : `The spare runner ended before any run took it (${how}); starting another. ${exit.stderrTail.slice(-500)}`.trim(),
      );
      scheduleRefill(refillDelayMs * failures);
    });
  }

  function scheduleRefill(delayMs: number): void {
    if (closed || refill !== null || (options.once && taken)) return;
    refill = setTimeout(() => {
      refill = null;
      startSpare();
    }, delayMs);
    refill.unref();
  }

  return {
    start(runId, startOptions) {
      if (startOptions?.spare) return inner.start(runId, startOptions);
      const current = spare;
      if (current === null || current.gone) return inner.start(runId);
      spare = null;
      taken = true;
      current.stopListening();
      scheduleRefill(refillDelayMs);
      return withoutStandby(current.connection);
    },
    warm: startSpare,
    whenWarm: () => spare?.warmed ?? Promise.resolve(false),
    sparePid: () => spare?.connection.pid ?? null,
    async close() {
      closed = true;
      if (refill !== null) clearTimeout(refill);
      refill = null;
      const current = spare;
      spare = null;
      await inner.close?.();
      if (current === null) return;
      current.stopListening();
      current.connection.kill('SIGTERM');
      const gone = await Promise.race([
        current.connection.exited.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), CLOSE_WAIT_MS).unref()),
      ]);
      if (!gone) current.connection.kill('SIGKILL');
    },
  };
}
