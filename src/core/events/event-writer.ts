import type { RunEvent } from '../../shared/records';
import type { EventRetention } from '../store/event-retention';
import type { Db } from '../store/database';
import type { NewEvent, RunsRepository } from '../store/runs-repository';

export const WRITE_BATCH_MS = 50;
export const WRITE_BATCH_MAX = 500;

export type EventWriter = Readonly<{
  enqueue(events: ReadonlyArray<NewEvent>): void;
  /** Writes everything queued now, in one transaction. */
  flush(): void;
}>;

/**
 * Batches event writes into transactions (every 50 ms or 500 events) and publishes each event only
 * after it is committed. Applies the per-run size cap after each batch (DESIGN §9).
 */
export function createEventWriter(
  deps: Readonly<{
    db: Db;
    runs: RunsRepository;
    retention: EventRetention;
    maxBytesPerRun: () => number;
    publish(event: RunEvent): void;
    now(): string;
  }>,
): EventWriter {
  let queue: NewEvent[] = [];
  let timer: NodeJS.Timeout | null = null;

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    const written = deps.db.transaction(() => {
      const numbered = deps.runs.appendEvents(batch);
      const bytes = new Map<string, number>();
      for (const event of numbered) bytes.set(event.runId, (bytes.get(event.runId) ?? 0) + JSON.stringify(event.data).length);
      for (const [runId, count] of bytes) deps.retention.addBytes(runId, count);
      return { numbered, runIds: [...bytes.keys()] };
    })();
    for (const event of written.numbered) deps.publish(event);
    for (const runId of written.runIds) {
      const pruned = deps.retention.enforceSizeCap(runId, deps.maxBytesPerRun(), deps.now());
      if (pruned) deps.publish(pruned.marker);
    }
  };

  return {
    enqueue(events) {
      queue.push(...events);
      if (queue.length >= WRITE_BATCH_MAX) flush();
      else timer ??= setTimeout(flush, WRITE_BATCH_MS);
    },
    flush,
  };
}
