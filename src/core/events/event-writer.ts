import type { RunEvent } from '../../shared/records';
import type { Logger } from '../logger';
import type { EventRetention } from '../store/event-retention';
import type { Db } from '../store/database';
import { isDiskFull } from '../store/database-errors';
import type { NewEvent, RunsRepository } from '../store/runs-repository';

export const WRITE_BATCH_MS = 50;
export const WRITE_BATCH_MAX = 500;
/** The first retry of a batch SQLite refused waits this long; each further failure doubles it. */
export const WRITE_RETRY_FIRST_MS = 100;
/** The longest wait between two retries. */
export const WRITE_RETRY_MAX_MS = 5_000;
/** After this many failures in a row the engine stops feeding the writer: every run is paused. */
export const WRITE_FAILURES_BEFORE_PAUSE = 5;

/** Why the writer cannot keep up: the disk is full, or SQLite keeps refusing for another reason. */
export type WriteTrouble = Readonly<{ kind: 'disk_full' | 'failing'; error: unknown; queued: number }>;

export type EventWriter = Readonly<{
  enqueue(events: ReadonlyArray<NewEvent>): void;
  /** Writes everything queued now, in one transaction; a batch SQLite refuses stays queued and is retried. */
  flush(): void;
  /** Events waiting to be written (a batch being retried included). */
  queued(): number;
}>;

/** The wait before retry number `attempt` (1-based): doubling from WRITE_RETRY_FIRST_MS up to WRITE_RETRY_MAX_MS. */
export function writeRetryDelayMs(attempt: number): number {
  return Math.min(WRITE_RETRY_FIRST_MS * 2 ** Math.max(0, attempt - 1), WRITE_RETRY_MAX_MS);
}

/**
 * Batches event writes into transactions (every 50 ms or 500 events) and publishes each event only
 * after it is committed. Applies the per-run size cap after each batch (DESIGN §9). A batch SQLite
 * refuses is kept, in order, and retried with backoff; a full disk (or failures that go on) is
 * reported once per episode through `onTrouble`, so the engine can pause the runs feeding it.
 */
export function createEventWriter(
  deps: Readonly<{
    db: Db;
    runs: RunsRepository;
    retention: EventRetention;
    maxBytesPerRun: () => number;
    publish(event: RunEvent): void;
    now(): string;
    log?: Logger;
    onTrouble?(trouble: WriteTrouble): void;
  }>,
): EventWriter {
  let queue: NewEvent[] = [];
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;
  let reported = false;

  const schedule = (delayMs: number): void => {
    timer ??= setTimeout(flush, delayMs);
  };

  function writeBatch(batch: ReadonlyArray<NewEvent>): { numbered: RunEvent[]; runIds: string[] } {
    return deps.db.transaction(() => {
      const numbered = deps.runs.appendEvents(batch);
      const bytes = new Map<string, number>();
      for (const event of numbered) bytes.set(event.runId, (bytes.get(event.runId) ?? 0) + JSON.stringify(event.data).length);
      for (const [runId, count] of bytes) deps.retention.addBytes(runId, count);
      return { numbered, runIds: [...bytes.keys()] };
    })();
  }

  function failed(batch: NewEvent[], error: unknown): void {
    // The batch goes back in front of what arrived meanwhile: order is kept, nothing is lost.
    queue = batch.concat(queue);
    failures += 1;
    const delayMs = writeRetryDelayMs(failures);
    deps.log?.error(`writing ${batch.length} run events failed (attempt ${failures}); ${queue.length} events wait, retrying in ${delayMs} ms`, error);
    const diskFull = isDiskFull(error);
    if (!reported && (diskFull || failures >= WRITE_FAILURES_BEFORE_PAUSE)) {
      reported = true;
      deps.onTrouble?.({ kind: diskFull ? 'disk_full' : 'failing', error, queued: queue.length });
    }
    schedule(delayMs);
  }

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    let written: { numbered: RunEvent[]; runIds: string[] };
    try {
      written = writeBatch(batch);
    } catch (error) {
      failed(batch, error);
      return;
    }
    if (failures > 0) deps.log?.info(`run events are being written again after ${failures} failed attempts`);
    failures = 0;
    reported = false;
    for (const event of written.numbered) deps.publish(event);
    for (const runId of written.runIds) {
      try {
        const pruned = deps.retention.enforceSizeCap(runId, deps.maxBytesPerRun(), deps.now());
        if (pruned) deps.publish(pruned.marker);
      } catch (error) {
        // The events are stored; the cap is applied again after the run's next batch.
        deps.log?.error(`run ${runId}: applying the event size cap failed`, error);
      }
    }
  }

  return {
    enqueue(events) {
      queue.push(...events);
      // While a batch waits for its retry, new events only queue up behind it.
      if (failures === 0 && queue.length >= WRITE_BATCH_MAX) flush();
      else schedule(WRITE_BATCH_MS);
    },
    flush,
    queued: () => queue.length,
  };
}
