import type { Db } from './database';

/** The messages table: a run's conversation checkpoint, from which a resume continues (DESIGN §3). */
export interface CheckpointsTable {
  /** Stores a checkpoint: appends the messages, or replaces the whole conversation after a compaction. */
  saveCheckpoint(runId: string, iteration: number, messages: ReadonlyArray<unknown>, replace: boolean): void;
  /** The last iteration whose conversation is in the checkpoint (0 when none is). */
  checkpointIteration(runId: string): number;
  /** The stored conversation as it was written; the runner checks its shape. */
  loadConversation(runId: string): unknown[];
}

/** Typed access to the messages table. */
export function createCheckpointsTable(db: Db): CheckpointsTable {
  const statements = {
    lastMessageSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM messages WHERE run_id = ?'),
    insertMessage: db.prepare('INSERT INTO messages (run_id, seq, iteration, message) VALUES (?, ?, ?, ?)'),
    deleteMessages: db.prepare('DELETE FROM messages WHERE run_id = ?'),
    listMessages: db.prepare('SELECT message FROM messages WHERE run_id = ? ORDER BY seq'),
    checkpointIteration: db.prepare('SELECT COALESCE(MAX(iteration), 0) AS n FROM messages WHERE run_id = ?'),
  };

  return {
    saveCheckpoint(runId, iteration, messages, replace) {
      db.transaction(() => {
        if (replace) statements.deleteMessages.run(runId);
        let seq = (statements.lastMessageSeq.get(runId) as { seq: number }).seq;
        for (const message of messages) statements.insertMessage.run(runId, (seq += 1), iteration, JSON.stringify(message));
      })();
    },

    checkpointIteration(runId) {
      return (statements.checkpointIteration.get(runId) as { n: number }).n;
    },

    loadConversation(runId) {
      return (statements.listMessages.all(runId) as { message: string }[]).map((row) => JSON.parse(row.message) as unknown);
    },
  };
}
