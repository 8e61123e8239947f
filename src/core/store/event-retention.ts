import type { RunEvent } from '../../shared/records';
import type { Db } from './database';

/** What a pruning removed, and the marker that now stands in its place. */
export type Pruned = Readonly<{ dropped: number; marker: RunEvent }>;

function markerText(dropped: number, why: string): string {
  return `${dropped} earlier log events were removed ${why}. Iterations and their summaries are kept.`;
}

/** The event log's bounds (DESIGN §9): size per run, age for ended runs. */
export interface EventRetention {
  /** Counts bytes written for a run; call inside the transaction that wrote the events. */
  addBytes(runId: string, bytes: number): void;
  bytesOf(runId: string): number;
  /** When the run's events pass `maxBytes`, removes the oldest down to 80 % of it. */
  enforceSizeCap(runId: string, maxBytes: number, at: string): Pruned | null;
  /** Removes the events of runs that ended before `endedBefore` (ISO time); returns how many runs. */
  enforceAge(endedBefore: string, maxAgeDays: number, at: string): number;
}

/**
 * Keeps the event log bounded (DESIGN §9): per run by size (the oldest events go first), and by age
 * for ended runs. Each removal leaves a visible `truncated` marker in the log, at the place of the
 * newest removed event, counting everything removed so far.
 */
export function createEventRetention(db: Db): EventRetention {
  const addBytes = db.prepare('UPDATE runs SET events_bytes = events_bytes + ? WHERE id = ?');
  const bytesOf = db.prepare('SELECT events_bytes AS bytes, events_dropped AS dropped FROM runs WHERE id = ?');
  const cumulative = db.prepare('SELECT seq, SUM(LENGTH(data)) OVER (ORDER BY seq) AS total FROM events WHERE run_id = ? ORDER BY seq');
  const countUpTo = db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM events WHERE run_id = ? AND seq <= ?');
  const deleteUpTo = db.prepare('DELETE FROM events WHERE run_id = ? AND seq <= ?');
  const insertMarker = db.prepare('INSERT INTO events (run_id, seq, iteration, kind, data, at) VALUES (?, ?, 0, ?, ?, ?)');
  const previousMarker = db.prepare(
    "SELECT COUNT(*) AS n FROM events WHERE run_id = ? AND seq <= ? AND kind = 'notice' AND json_extract(data, '$.truncated') = 1",
  );
  const setTotals = db.prepare('UPDATE runs SET events_bytes = ?, events_dropped = ? WHERE id = ?');
  const lastSeq = db.prepare('SELECT MAX(seq) AS seq FROM events WHERE run_id = ?');
  // An import still being written (import_pending = 2) is not pruned under its writer.
  const oldEndedRuns = db.prepare(`SELECT id FROM runs WHERE status = 'ended' AND ended_at < ? AND import_pending != 2 AND EXISTS (
    SELECT 1 FROM events WHERE events.run_id = runs.id AND NOT (kind = 'notice' AND json_extract(data, '$.truncated') = 1))`);

  /** Removes every event of the run up to `cutoff` and puts the marker at `cutoff`. */
  const removeUpTo = (runId: string, cutoff: number, why: string, at: string): Pruned =>
    db.transaction(() => {
      const removed = countUpTo.get(runId, cutoff) as { n: number; bytes: number };
      const markers = (previousMarker.get(runId, cutoff) as { n: number }).n;
      const totals = bytesOf.get(runId) as { bytes: number; dropped: number };
      const dropped = totals.dropped + removed.n - markers;
      deleteUpTo.run(runId, cutoff);
      const data = { truncated: true, droppedEvents: dropped, message: markerText(dropped, why) };
      const text = JSON.stringify(data);
      insertMarker.run(runId, cutoff, 'notice', text, at);
      setTotals.run(totals.bytes - removed.bytes + text.length, dropped, runId);
      return { dropped, marker: { runId, seq: cutoff, iteration: 0, kind: 'notice' as const, data, at } };
    })();

  const storedBytes = (runId: string): number => (bytesOf.get(runId) as { bytes: number } | undefined)?.bytes ?? 0;

  return {
    addBytes(runId, bytes) {
      addBytes.run(bytes, runId);
    },

    bytesOf: storedBytes,

    enforceSizeCap(runId, maxBytes, at) {
      const current = storedBytes(runId);
      if (current <= maxBytes) return null;
      const mustFree = current - Math.floor(maxBytes * 0.8);
      let cutoff = 0;
      for (const row of cumulative.iterate(runId) as Iterable<{ seq: number; total: number }>) {
        cutoff = row.seq;
        if (row.total >= mustFree) break;
      }
      const newest = (lastSeq.get(runId) as { seq: number | null }).seq ?? 0;
      // Never remove the newest event: the log always ends with what happened last.
      if (cutoff >= newest) cutoff = newest - 1;
      if (cutoff <= 0) return null;
      return removeUpTo(runId, cutoff, `to keep this run's log under ${Math.round(maxBytes / 1024 / 1024)} MiB`, at);
    },

    enforceAge(endedBefore, maxAgeDays, at) {
      const runIds = (oldEndedRuns.all(endedBefore) as { id: string }[]).map((row) => row.id);
      for (const runId of runIds) {
        const newest = (lastSeq.get(runId) as { seq: number | null }).seq ?? 0;
        if (newest > 0) removeUpTo(runId, newest, `because the run ended more than ${maxAgeDays} days ago`, at);
      }
      return runIds.length;
    },
  };
}
