import type { Db } from './database';
import { type CheckpointsTable, createCheckpointsTable } from './checkpoints-table';
import { type EventsTable, createEventsTable } from './events-table';
import { type GuidanceTable, createGuidanceTable } from './guidance-table';
import { type IterationsTable, createIterationsTable } from './iterations-table';
import { type RunsTable, createRunsTable } from './runs-table';

export type { RunChanges, RunRow, RunsPosition } from './runs-table';
export type { NewEvent } from './events-table';

/**
 * Everything stored about runs, one table per module: runs, iterations, events (the log),
 * messages (the checkpoint) and the guidance people send. Code that needs one table may take that table's interface alone.
 */
export type RunsRepository = RunsTable & IterationsTable & EventsTable & CheckpointsTable & GuidanceTable;

/** The run tables over one connection. The engine is the only writer. */
export function createRunsRepository(db: Db): RunsRepository {
  return {
    ...createRunsTable(db),
    ...createIterationsTable(db),
    ...createEventsTable(db),
    ...createCheckpointsTable(db),
    ...createGuidanceTable(db),
  };
}
