import type { Db } from './database';
import { type CheckpointsTable, createCheckpointsTable } from './checkpoints-table';
import { type EventsTable, createEventsTable } from './events-table';
import { type IterationsTable, createIterationsTable } from './iterations-table';
import { type RunsTable, createRunsTable } from './runs-table';

export type { RunChanges, RunRow, RunsPosition } from './runs-table';
export type { NewEvent } from './events-table';

/**
 * Everything stored about runs, one table per module: runs, iterations, events (the log) and
 * messages (the checkpoint). Code that needs one table may take that table's interface alone.
 */
export type RunsRepository = RunsTable & IterationsTable & EventsTable & CheckpointsTable;

/** The run tables over one connection. The engine is the only writer. */
export function createRunsRepository(db: Db): RunsRepository {
  return {
    ...createRunsTable(db),
    ...createIterationsTable(db),
    ...createEventsTable(db),
    ...createCheckpointsTable(db),
  };
}
