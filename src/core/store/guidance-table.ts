import type { GuidanceAuthor, GuidanceNote } from '../../shared/verify';
import type { Db } from './database';

/** A note as stored: who sent it when, and the iteration whose prompt carried it (null while it waits). */
export type StoredGuidance = GuidanceNote & Readonly<{ runId: string; createdAt: string; deliveredIteration: number | null }>;

/** Notes people send runs, numbered 1, 2, 3 … per run. */
export interface GuidanceTable {
  /** Stores a note that waits for the run's next gate. */
  addGuidance(runId: string, text: string, by: GuidanceAuthor, at: string): StoredGuidance;
  /**
   * The notes still waiting, oldest first, now marked as carried by `iteration`'s prompt (one transaction). A note
   * carried by this iteration or a later one before counts as waiting: a gate for the same number again means that
   * iteration was interrupted (it resumes under its number), so the agent never finished reading it.
   */
  deliverGuidance(runId: string, iteration: number): StoredGuidance[];
  /** Every note of a run, oldest first. */
  listGuidance(runId: string): StoredGuidance[];
}

type GuidanceRow = { run_id: string; id: number; text: string; author: GuidanceAuthor; created_at: string; delivered_iteration: number | null };

function toGuidance(row: GuidanceRow): StoredGuidance {
  return { runId: row.run_id, id: row.id, text: row.text, by: row.author, createdAt: row.created_at, deliveredIteration: row.delivered_iteration };
}

export function createGuidanceTable(db: Db): GuidanceTable {
  const statements = {
    lastId: db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM guidance WHERE run_id = ?'),
    insert: db.prepare('INSERT INTO guidance (run_id, id, text, author, created_at, delivered_iteration) VALUES (?, ?, ?, ?, ?, NULL)'),
    pending: db.prepare('SELECT * FROM guidance WHERE run_id = ? AND (delivered_iteration IS NULL OR delivered_iteration >= ?) ORDER BY id'),
    deliver: db.prepare('UPDATE guidance SET delivered_iteration = ? WHERE run_id = ? AND (delivered_iteration IS NULL OR delivered_iteration >= ?)'),
    all: db.prepare('SELECT * FROM guidance WHERE run_id = ? ORDER BY id'),
  };
  return {
    addGuidance(runId, text, by, at) {
      return db.transaction(() => {
        const id = (statements.lastId.get(runId) as { id: number }).id + 1;
        statements.insert.run(runId, id, text, by, at);
        return { runId, id, text, by, createdAt: at, deliveredIteration: null };
      })();
    },
    deliverGuidance(runId, iteration) {
      return db.transaction(() => {
        const pending = (statements.pending.all(runId, iteration) as GuidanceRow[]).map(toGuidance);
        if (pending.length > 0) statements.deliver.run(iteration, runId, iteration);
        return pending.map((note) => ({ ...note, deliveredIteration: iteration }));
      })();
    },
    listGuidance(runId) {
      return (statements.all.all(runId) as GuidanceRow[]).map(toGuidance);
    },
  };
}
