import type { LoopOptions, Run, RunStatus } from '../../shared/records';
import { type RunsTableRow, toRunRow } from './runs-table-row';
import type { Db } from './database';

/** Everything stored about a run: the API's `Run` plus what only the engine needs to (re)start it. */
export type RunRow = Readonly<{
  run: Run;
  loop: LoopOptions;
  params: Readonly<Record<string, unknown>>;
  /** Environment variables the template or the person let through to tools (none when left out). */
  passEnv?: ReadonlyArray<string>;
  /** An imported run that may resume only once the person confirms its profile, rules, folder and model. */
  importPending?: boolean;
  /**
   * An import still being written in pieces: no query shows the run (nor `getRun`) until `finishImport`, and
   * engine start deletes one left unfinished. Stored as `import_pending = 2`, so it needs no column of its own.
   */
  importing?: boolean;
  /** The template's `setup:` commands, run once in the worktree before iteration 1 (none when left out). */
  setup?: ReadonlyArray<string>;
  /** Paths in the worktree that were copied or linked from the person's folder: never committed. */
  worktreeExclude?: ReadonlyArray<string>;
}>;

/** The fields of a run that change while it lives. */
export type RunChanges = Partial<
  Pick<
    Run,
    | 'status'
    | 'stopReason'
    | 'pauseReason'
    | 'detail'
    | 'iterations'
    | 'inputTokens'
    | 'outputTokens'
    | 'cacheReadTokens'
    | 'cacheWriteTokens'
    | 'costUsd'
    | 'startedAt'
    | 'endedAt'
    | 'limits'
    | 'sandbox'
    | 'permissions'
    | 'model'
    | 'workdir'
    | 'network'
    | 'worktree'
    | 'worktreeState'
  >
>;

const COLUMN_OF: Readonly<Record<keyof RunChanges, string>> = {
  status: 'status',
  stopReason: 'stop_reason',
  pauseReason: 'pause_reason',
  detail: 'detail',
  iterations: 'iterations',
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  cacheReadTokens: 'cache_read_tokens',
  cacheWriteTokens: 'cache_write_tokens',
  costUsd: 'cost_usd',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  limits: 'limits',
  sandbox: 'sandbox',
  permissions: 'permissions',
  model: 'model',
  workdir: 'workdir',
  network: 'network',
  worktree: 'worktree',
  worktreeState: 'worktree_state',
};

/** Changes stored as JSON text. */
const JSON_COLUMNS: ReadonlySet<keyof RunChanges> = new Set(['limits', 'permissions', 'network', 'worktree']);

/** Where a page of runs ends: the last run's creation time and id. */
export type RunsPosition = Readonly<{ createdAt: string; id: string }>;

/** The runs table (DESIGN §9). */
export interface RunsTable {
  insertRun(row: RunRow): void;
  getRun(id: string): RunRow | null;
  /** Runs newest first (by creation, then id), `limit` of them after `after` (the last run of the page before). */
  listRuns(limit: number, after?: RunsPosition | null): Run[];
  listRunsWithStatus(statuses: ReadonlyArray<RunStatus>): RunRow[];
  /** Every run that has (or had) a git worktree, oldest first. */
  listRunsWithWorktree(): RunRow[];
  /** Applies changes to a run and returns it as stored; throws when the run is not stored. */
  updateRun(id: string, changes: RunChanges): Run;
  /** Deletes a run and, by cascade, its iterations, events, checkpoint and approvals. */
  deleteRun(id: string): void;
  /** Records that the person confirmed an imported run's settings: it may resume like any other. */
  confirmImport(id: string): void;
  /** Whether any run has this id, an import still being written included (an id it holds is taken). */
  isRunIdTaken(id: string): boolean;
  /** Shows an import once all of it is written: waiting for confirmation (`importPending`) or not. */
  finishImport(id: string, importPending: boolean): void;
  /** Deletes the imports an engine stopped in the middle of writing, with their rows; returns their ids. */
  deleteUnfinishedImports(): string[];
}

/** `import_pending` of a run whose import is still being written (0: none, 1: waits for the person's confirmation). */
const IMPORT_WRITING = 2;
/** The condition every query that shows runs adds: never an import still being written. */
const SHOWN = `import_pending != ${IMPORT_WRITING}`;

/** Typed access to the runs table. */
export function createRunsTable(db: Db): RunsTable {
  const statements = {
    insertRun: db.prepare(`INSERT INTO runs (id, name, template, template_revision, status, stop_reason, pause_reason, detail,
      iterations, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, limits, permissions, loop, params, model, workdir, sandbox, network, mcp, notify, pass_env, import_pending, isolation, agent, worktree, worktree_state, setup, worktree_exclude, schedule_id, context, created_at, started_at, ended_at)
      VALUES (@id, @name, @template, @template_revision, @status, @stop_reason, @pause_reason, @detail, @iterations, @input_tokens,
      @output_tokens, @cache_read_tokens, @cache_write_tokens, @cost_usd, @limits, @permissions, @loop, @params, @model, @workdir, @sandbox, @network, @mcp, @notify, @pass_env, @import_pending, @isolation, @agent, @worktree, @worktree_state, @setup, @worktree_exclude, @schedule_id, @context, @created_at, @started_at, @ended_at)`),
    getRun: db.prepare(`SELECT * FROM runs WHERE id = ? AND ${SHOWN}`),
    getAnyRun: db.prepare('SELECT * FROM runs WHERE id = ?'),
    listRuns: db.prepare(`SELECT * FROM runs WHERE ${SHOWN} ORDER BY created_at DESC, id DESC LIMIT ?`),
    listRunsAfter: db.prepare(`SELECT * FROM runs WHERE (created_at, id) < (?, ?) AND ${SHOWN} ORDER BY created_at DESC, id DESC LIMIT ?`),
    listByStatus: db.prepare(`SELECT * FROM runs WHERE status IN (SELECT value FROM json_each(?)) AND ${SHOWN}`),
    listWithWorktree: db.prepare(`SELECT * FROM runs WHERE worktree IS NOT NULL AND ${SHOWN} ORDER BY created_at, id`),
    deleteRun: db.prepare('DELETE FROM runs WHERE id = ?'),
    confirmImport: db.prepare(`UPDATE runs SET import_pending = 0 WHERE id = ? AND ${SHOWN}`),
    finishImport: db.prepare(`UPDATE runs SET import_pending = ? WHERE id = ? AND import_pending = ${IMPORT_WRITING}`),
    deleteUnfinishedImports: db.prepare(`DELETE FROM runs WHERE import_pending = ${IMPORT_WRITING} RETURNING id`),
  };

  // One prepared UPDATE per set of columns: a running loop updates the same few sets at every iteration.
  type Statement = ReturnType<Db['prepare']>;
  const updates = new Map<string, Statement>();
  const updateStatement = (assignments: string): Statement => {
    let statement = updates.get(assignments);
    if (!statement) updates.set(assignments, (statement = db.prepare(`UPDATE runs SET ${assignments} WHERE id = @id`)));
    return statement;
  };

  return {
    insertRun(row) {
      const { run } = row;
      statements.insertRun.run({
        id: run.id,
        name: run.name,
        template: run.template,
        template_revision: run.templateRevision,
        status: run.status,
        stop_reason: run.stopReason,
        pause_reason: run.pauseReason,
        detail: run.detail,
        iterations: run.iterations,
        input_tokens: run.inputTokens,
        output_tokens: run.outputTokens,
        cache_read_tokens: run.cacheReadTokens,
        cache_write_tokens: run.cacheWriteTokens,
        cost_usd: run.costUsd,
        limits: JSON.stringify(run.limits),
        permissions: JSON.stringify(run.permissions),
        loop: JSON.stringify(row.loop),
        params: JSON.stringify(row.params),
        model: run.model,
        workdir: run.workdir,
        sandbox: run.sandbox,
        network: JSON.stringify(run.network),
        mcp: JSON.stringify(run.mcp ?? []),
        notify: run.notify === undefined ? null : JSON.stringify(run.notify),
        pass_env: JSON.stringify(row.passEnv ?? []),
        import_pending: row.importing === true ? IMPORT_WRITING : row.importPending === true ? 1 : 0,
        isolation: run.isolation,
        agent: run.agent,
        worktree: run.worktree === null ? null : JSON.stringify(run.worktree),
        worktree_state: run.worktreeState,
        setup: JSON.stringify(row.setup ?? []),
        worktree_exclude: JSON.stringify(row.worktreeExclude ?? []),
        schedule_id: run.scheduleId ?? null,
        context: run.context,
        created_at: run.createdAt,
        started_at: run.startedAt,
        ended_at: run.endedAt,
      });
    },

    getRun(id) {
      const row = statements.getRun.get(id) as RunsTableRow | undefined;
      return row ? toRunRow(row) : null;
    },

    listRuns(limit, after = null) {
      const rows = after === null ? statements.listRuns.all(limit) : statements.listRunsAfter.all(after.createdAt, after.id, limit);
      return (rows as RunsTableRow[]).map((row) => toRunRow(row).run);
    },

    listRunsWithStatus(statuses) {
      return (statements.listByStatus.all(JSON.stringify(statuses)) as RunsTableRow[]).map(toRunRow);
    },

    listRunsWithWorktree() {
      return (statements.listWithWorktree.all() as RunsTableRow[]).map(toRunRow);
    },

    updateRun(id, changes) {
      const entries = Object.entries(changes) as [keyof RunChanges, unknown][];
      if (entries.length > 0) {
        const assignments = entries.map(([key]) => `${COLUMN_OF[key]} = @${key}`).join(', ');
        const values = Object.fromEntries(entries.map(([key, value]) => [key, JSON_COLUMNS.has(key) && value !== null ? JSON.stringify(value) : value]));
        updateStatement(assignments).run({ ...values, id });
      }
      const row = statements.getAnyRun.get(id) as RunsTableRow | undefined;
      if (!row) throw new Error(`run ${id} is not in the database`);
      return toRunRow(row).run;
    },

    deleteRun(id) {
      statements.deleteRun.run(id);
    },

    confirmImport(id) {
      statements.confirmImport.run(id);
    },

    isRunIdTaken(id) {
      return statements.getAnyRun.get(id) !== undefined;
    },

    finishImport(id, importPending) {
      const { changes } = statements.finishImport.run(importPending ? 1 : 0, id);
      if (changes !== 1) throw new Error(`run ${id} is not an import being written`);
    },

    deleteUnfinishedImports() {
      return (statements.deleteUnfinishedImports.all() as Array<{ id: string }>).map((row) => row.id);
    },
  };
}
