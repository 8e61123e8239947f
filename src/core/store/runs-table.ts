import { DEFAULT_LOOP_OPTIONS, Limits, LoopOptions, type PauseReason, Permissions, type Run, type RunStatus, type StopReason } from '../../shared/records';
import type { Db } from './database';
import { boundedCost, boundedTokens } from '../../shared/usage-bounds';

/** Everything stored about a run: the API's `Run` plus what only the engine needs to (re)start it. */
export type RunRow = Readonly<{
  run: Run;
  loop: LoopOptions;
  params: Readonly<Record<string, unknown>>;
  /** Environment variables the template or the person let through to tools (none when left out). */
  passEnv?: ReadonlyArray<string>;
  /** An imported run that may resume only once the person confirms its profile, rules, folder and model. */
  importPending?: boolean;
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
};

/** Where a page of runs ends: the last run's creation time and id. */
export type RunsPosition = Readonly<{ createdAt: string; id: string }>;

/** The runs table (DESIGN §9). */
export interface RunsTable {
  insertRun(row: RunRow): void;
  getRun(id: string): RunRow | null;
  /** Runs newest first (by creation, then id), `limit` of them after `after` (the last run of the page before). */
  listRuns(limit: number, after?: RunsPosition | null): Run[];
  listRunsWithStatus(statuses: ReadonlyArray<RunStatus>): RunRow[];
  /** Applies changes to a run and returns it as stored; throws when the run is not stored. */
  updateRun(id: string, changes: RunChanges): Run;
  /** Deletes a run and, by cascade, its iterations, events, checkpoint and approvals. */
  deleteRun(id: string): void;
  /** Records that the person confirmed an imported run's settings: it may resume like any other. */
  confirmImport(id: string): void;
}

type RunsTableRow = {
  id: string;
  name: string;
  template: string;
  template_revision: string;
  status: RunStatus;
  stop_reason: StopReason | null;
  pause_reason: PauseReason | null;
  detail: string | null;
  iterations: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_usd: number | null;
  limits: string;
  permissions: string;
  loop: string;
  params: string;
  model: string;
  workdir: string;
  sandbox: Run['sandbox'];
  network: string;
  pass_env: string;
  import_pending: number;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
};

function toRunRow(row: RunsTableRow): RunRow {
  return {
    run: {
      id: row.id,
      name: row.name,
      template: row.template,
      templateRevision: row.template_revision,
      status: row.status,
      stopReason: row.stop_reason,
      pauseReason: row.pause_reason,
      detail: row.detail,
      iterations: row.iterations,
      // Bounded on read too: a database written before the usage bounds may hold totals past 2^53.
      inputTokens: boundedTokens(row.input_tokens),
      outputTokens: boundedTokens(row.output_tokens),
      cacheReadTokens: boundedTokens(row.cache_read_tokens),
      cacheWriteTokens: boundedTokens(row.cache_write_tokens),
      costUsd: row.cost_usd === null ? null : boundedCost(row.cost_usd),
      limits: Limits.parse(JSON.parse(row.limits)),
      permissions: Permissions.parse(JSON.parse(row.permissions)),
      model: row.model,
      workdir: row.workdir,
      sandbox: row.sandbox,
      network: JSON.parse(row.network) as string[],
      createdAt: row.created_at,
      startedAt: row.started_at,
      endedAt: row.ended_at,
    },
    // Rows written before a loop option existed get its default.
    loop: LoopOptions.parse({ ...DEFAULT_LOOP_OPTIONS, ...JSON.parse(row.loop) }),
    params: JSON.parse(row.params) as Record<string, unknown>,
    passEnv: JSON.parse(row.pass_env) as string[],
    ...(row.import_pending === 1 ? { importPending: true } : {}),
  };
}

/** Typed access to the runs table. */
export function createRunsTable(db: Db): RunsTable {
  const statements = {
    insertRun: db.prepare(`INSERT INTO runs (id, name, template, template_revision, status, stop_reason, pause_reason, detail,
      iterations, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, limits, permissions, loop, params, model, workdir, sandbox, network, pass_env, import_pending, created_at, started_at, ended_at)
      VALUES (@id, @name, @template, @template_revision, @status, @stop_reason, @pause_reason, @detail, @iterations, @input_tokens,
      @output_tokens, @cache_read_tokens, @cache_write_tokens, @cost_usd, @limits, @permissions, @loop, @params, @model, @workdir, @sandbox, @network, @pass_env, @import_pending, @created_at, @started_at, @ended_at)`),
    getRun: db.prepare('SELECT * FROM runs WHERE id = ?'),
    listRuns: db.prepare('SELECT * FROM runs ORDER BY created_at DESC, id DESC LIMIT ?'),
    listRunsAfter: db.prepare('SELECT * FROM runs WHERE (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?'),
    listByStatus: db.prepare('SELECT * FROM runs WHERE status IN (SELECT value FROM json_each(?))'),
    deleteRun: db.prepare('DELETE FROM runs WHERE id = ?'),
    confirmImport: db.prepare('UPDATE runs SET import_pending = 0 WHERE id = ?'),
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
        pass_env: JSON.stringify(row.passEnv ?? []),
        import_pending: row.importPending === true ? 1 : 0,
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

    updateRun(id, changes) {
      const entries = Object.entries(changes) as [keyof RunChanges, unknown][];
      if (entries.length > 0) {
        const assignments = entries.map(([key]) => `${COLUMN_OF[key]} = @${key}`).join(', ');
        const values = Object.fromEntries(
          entries.map(([key, value]) => [key, key === 'limits' || key === 'permissions' || key === 'network' ? JSON.stringify(value) : value]),
        );
        db.prepare(`UPDATE runs SET ${assignments} WHERE id = @id`).run({ ...values, id });
      }
      const row = statements.getRun.get(id) as RunsTableRow | undefined;
      if (!row) throw new Error(`run ${id} is not in the database`);
      return toRunRow(row).run;
    },

    deleteRun(id) {
      statements.deleteRun.run(id);
    },

    confirmImport(id) {
      statements.confirmImport.run(id);
    },
  };
}
