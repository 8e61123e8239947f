import type { Failure } from '../../shared/protocol';
import type { Iteration, IterationStatus } from '../../shared/records';
import type { Db } from './database';
import { boundedCost, boundedTokens } from '../../shared/usage-bounds';

/** The iterations table: one row per iteration of a run, written when it starts and when it ends. */
export interface IterationsTable {
  /** Stores an iteration (again: its end overwrites its start), with its typed failure if it failed. */
  saveIteration(iteration: Iteration, failure?: Failure): void;
  getIteration(runId: string, n: number): Iteration | null;
  listIterations(runId: string): Iteration[];
  /** Records the commit of what an iteration changed in the run's worktree. */
  setCommit(runId: string, n: number, commit: string): void;
}

type IterationsTableRow = {
  run_id: string;
  n: number;
  status: IterationStatus;
  summary: string;
  duration_ms: number | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_usd: number | null;
  started_at: string;
  ended_at: string | null;
  commit_id: string | null;
};

function toIteration(row: IterationsTableRow): Iteration {
  return {
    runId: row.run_id,
    n: row.n,
    status: row.status,
    summary: row.summary,
    durationMs: row.duration_ms,
    inputTokens: boundedTokens(row.input_tokens),
    outputTokens: boundedTokens(row.output_tokens),
    cacheReadTokens: boundedTokens(row.cache_read_tokens),
    cacheWriteTokens: boundedTokens(row.cache_write_tokens),
    costUsd: row.cost_usd === null ? null : boundedCost(row.cost_usd),
    startedAt: row.started_at,
    endedAt: row.ended_at,
    commit: row.commit_id,
  };
}

/** Typed access to the iterations table. */
export function createIterationsTable(db: Db): IterationsTable {
  const statements = {
    upsertIteration: db.prepare(`INSERT INTO iterations (run_id, n, status, summary, duration_ms, input_tokens, output_tokens,
      cache_read_tokens, cache_write_tokens, cost_usd, failure, started_at, ended_at, commit_id)
      VALUES (@run_id, @n, @status, @summary, @duration_ms, @input_tokens, @output_tokens, @cache_read_tokens, @cache_write_tokens, @cost_usd, @failure,
      @started_at, @ended_at, @commit_id)
      ON CONFLICT (run_id, n) DO UPDATE SET status = excluded.status, summary = excluded.summary, duration_ms = excluded.duration_ms,
      input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
      cache_read_tokens = excluded.cache_read_tokens, cache_write_tokens = excluded.cache_write_tokens, cost_usd = excluded.cost_usd,
      failure = excluded.failure, ended_at = excluded.ended_at, commit_id = COALESCE(excluded.commit_id, commit_id)`),
    setCommit: db.prepare('UPDATE iterations SET commit_id = ? WHERE run_id = ? AND n = ?'),
    getIteration: db.prepare('SELECT * FROM iterations WHERE run_id = ? AND n = ?'),
    listIterations: db.prepare('SELECT * FROM iterations WHERE run_id = ? ORDER BY n'),
  };

  return {
    saveIteration(iteration, failure) {
      statements.upsertIteration.run({
        run_id: iteration.runId,
        n: iteration.n,
        status: iteration.status,
        summary: iteration.summary,
        duration_ms: iteration.durationMs,
        input_tokens: iteration.inputTokens,
        output_tokens: iteration.outputTokens,
        cache_read_tokens: iteration.cacheReadTokens,
        cache_write_tokens: iteration.cacheWriteTokens,
        cost_usd: iteration.costUsd,
        failure: failure ? JSON.stringify(failure) : null,
        started_at: iteration.startedAt,
        ended_at: iteration.endedAt,
        commit_id: iteration.commit ?? null,
      });
    },

    getIteration(runId, n) {
      const row = statements.getIteration.get(runId, n) as IterationsTableRow | undefined;
      return row ? toIteration(row) : null;
    },

    setCommit(runId, n, commit) {
      statements.setCommit.run(commit, runId, n);
    },

    listIterations(runId) {
      return (statements.listIterations.all(runId) as IterationsTableRow[]).map(toIteration);
    },
  };
}
