import {
  DEFAULT_LOOP_OPTIONS,
  Limits,
  LoopOptions,
  type PauseReason,
  Permissions,
  type Run,
  RunWorktree,
  type RunStatus,
  type StopReason,
} from '../../shared/records';
import { boundedCost, boundedTokens } from '../../shared/usage-bounds';
import type { RunRow } from './runs-table';

/** A row of the runs table as SQLite returns it. */
export type RunsTableRow = {
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
  mcp: string;
  /** NULL: every notifier configured for the event kind. */
  notify: string | null;
  pass_env: string;
  import_pending: number;
  isolation: Run['isolation'];
  agent: Run['agent'];
  worktree: string | null;
  worktree_state: Run['worktreeState'];
  setup: string;
  worktree_exclude: string;
  schedule_id: string | null;
  context: Run['context'];
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
};

/** The params a run was started with, as the API shows them: only the string, number and boolean values a template's params take. */
function runParams(json: string): Record<string, string | number | boolean> {
  const stored = JSON.parse(json) as unknown;
  const params: Record<string, string | number | boolean> = {};
  if (typeof stored !== 'object' || stored === null) return params;
  for (const [name, value] of Object.entries(stored)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') params[name] = value;
  }
  return params;
}

/** The stored row as the engine reads it. */
export function toRunRow(row: RunsTableRow): RunRow {
  // Rows written before a loop option existed get its default.
  const loop = LoopOptions.parse({ ...DEFAULT_LOOP_OPTIONS, ...JSON.parse(row.loop) });
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
      // DESIGN §13 names verify, mcp and scheduleId as run fields: always there, empty or null when unused.
      verify: loop.verify,
      context: row.context,
      mcp: JSON.parse(row.mcp) as string[],
      ...(row.notify === null ? {} : { notify: JSON.parse(row.notify) as string[] }),
      isolation: row.isolation,
      agent: row.agent,
      worktree: row.worktree === null ? null : RunWorktree.parse(JSON.parse(row.worktree)),
      worktreeState: row.worktree_state,
      scheduleId: row.schedule_id,
      params: runParams(row.params),
      createdAt: row.created_at,
      startedAt: row.started_at,
      endedAt: row.ended_at,
    },
    loop,
    params: JSON.parse(row.params) as Record<string, unknown>,
    passEnv: JSON.parse(row.pass_env) as string[],
    ...(row.import_pending === 1 ? { importPending: true } : {}),
    ...(row.setup === '[]' ? {} : { setup: JSON.parse(row.setup) as string[] }),
    ...(row.worktree_exclude === '[]' ? {} : { worktreeExclude: JSON.parse(row.worktree_exclude) as string[] }),
  };
}
