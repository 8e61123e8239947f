import type { Failure } from '../../shared/protocol';
import {
  DEFAULT_LOOP_OPTIONS,
  type Iteration,
  type IterationStatus,
  Limits,
  LoopOptions,
  type PauseReason,
  Permissions,
  type Run,
  type RunEvent,
  type RunStatus,
  type StopReason,
} from '../../shared/records';
import type { Db } from './database';
import { boundedCost, boundedTokens } from '../../shared/usage-bounds';

/** Everything stored about a run: the API's `Run` plus what only the engine needs to (re)start it. */
export type RunRow = Readonly<{
  run: Run;
  loop: LoopOptions;
  params: Readonly<Record<string, unknown>>;
  /** Environment variables the template or the person let through to tools (none when left out). */
  passEnv?: ReadonlyArray<string>;
}>;

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
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
};

type IterationsTableRow = {
  run_id: string;
  n: number;
  status: IterationStatus;
  summary: string;
  duration_ms: number | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
  started_at: string;
  ended_at: string | null;
};

type EventsTableRow = { run_id: string; seq: number; iteration: number; kind: RunEvent['kind']; data: string; at: string };

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
  };
}

function toIteration(row: IterationsTableRow): Iteration {
  return {
    runId: row.run_id,
    n: row.n,
    status: row.status,
    summary: row.summary,
    durationMs: row.duration_ms,
    inputTokens: boundedTokens(row.input_tokens),
    outputTokens: boundedTokens(row.output_tokens),
    costUsd: row.cost_usd === null ? null : boundedCost(row.cost_usd),
    startedAt: row.started_at,
    endedAt: row.ended_at,
  };
}

function toEvent(row: EventsTableRow): RunEvent {
  return { runId: row.run_id, seq: row.seq, iteration: row.iteration, kind: row.kind, data: JSON.parse(row.data), at: row.at };
}

/** The fields of a run that change while it lives. */
export type RunChanges = Partial<
  Pick<Run, 'status' | 'stopReason' | 'pauseReason' | 'detail' | 'iterations' | 'inputTokens' | 'outputTokens' | 'costUsd' | 'startedAt' | 'endedAt' | 'limits' | 'sandbox'>
>;

const COLUMN_OF: Readonly<Record<keyof RunChanges, string>> = {
  status: 'status',
  stopReason: 'stop_reason',
  pauseReason: 'pause_reason',
  detail: 'detail',
  iterations: 'iterations',
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  costUsd: 'cost_usd',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  limits: 'limits',
  sandbox: 'sandbox',
};

export type NewEvent = Omit<RunEvent, 'seq'>;

/** Typed access to runs, iterations, events and checkpoints. The engine is the only writer. */
export function createRunsRepository(db: Db) {
  const statements = {
    insertRun: db.prepare(`INSERT INTO runs (id, name, template, template_revision, status, stop_reason, pause_reason, detail,
      iterations, input_tokens, output_tokens, cost_usd, limits, permissions, loop, params, model, workdir, sandbox, network, pass_env, created_at, started_at, ended_at)
      VALUES (@id, @name, @template, @template_revision, @status, @stop_reason, @pause_reason, @detail, @iterations, @input_tokens,
      @output_tokens, @cost_usd, @limits, @permissions, @loop, @params, @model, @workdir, @sandbox, @network, @pass_env, @created_at, @started_at, @ended_at)`),
    getRun: db.prepare('SELECT * FROM runs WHERE id = ?'),
    listRuns: db.prepare('SELECT * FROM runs ORDER BY created_at DESC, id DESC LIMIT ?'),
    listByStatus: db.prepare('SELECT * FROM runs WHERE status IN (SELECT value FROM json_each(?))'),
    upsertIteration: db.prepare(`INSERT INTO iterations (run_id, n, status, summary, duration_ms, input_tokens, output_tokens, cost_usd, failure, started_at, ended_at)
      VALUES (@run_id, @n, @status, @summary, @duration_ms, @input_tokens, @output_tokens, @cost_usd, @failure, @started_at, @ended_at)
      ON CONFLICT (run_id, n) DO UPDATE SET status = excluded.status, summary = excluded.summary, duration_ms = excluded.duration_ms,
      input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, cost_usd = excluded.cost_usd,
      failure = excluded.failure, ended_at = excluded.ended_at`),
    getIteration: db.prepare('SELECT * FROM iterations WHERE run_id = ? AND n = ?'),
    listIterations: db.prepare('SELECT * FROM iterations WHERE run_id = ? ORDER BY n'),
    lastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events WHERE run_id = ?'),
    insertEvent: db.prepare('INSERT INTO events (run_id, seq, iteration, kind, data, at) VALUES (?, ?, ?, ?, ?, ?)'),
    listEvents: db.prepare('SELECT * FROM events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    listAllEvents: db.prepare('SELECT * FROM events WHERE run_id = ? ORDER BY seq'),
    lastMessageSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM messages WHERE run_id = ?'),
    insertMessage: db.prepare('INSERT INTO messages (run_id, seq, iteration, message) VALUES (?, ?, ?, ?)'),
    deleteMessages: db.prepare('DELETE FROM messages WHERE run_id = ?'),
    listMessages: db.prepare('SELECT message FROM messages WHERE run_id = ? ORDER BY seq'),
    deleteRun: db.prepare('DELETE FROM runs WHERE id = ?'),
    checkpointIteration: db.prepare('SELECT COALESCE(MAX(iteration), 0) AS n FROM messages WHERE run_id = ?'),
  };

  return {
    insertRun(row: RunRow): void {
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
        created_at: run.createdAt,
        started_at: run.startedAt,
        ended_at: run.endedAt,
      });
    },

    getRun(id: string): RunRow | null {
      const row = statements.getRun.get(id) as RunsTableRow | undefined;
      return row ? toRunRow(row) : null;
    },

    listRuns(limit = 1_000): Run[] {
      return (statements.listRuns.all(limit) as RunsTableRow[]).map((row) => toRunRow(row).run);
    },

    listRunsWithStatus(statuses: ReadonlyArray<RunStatus>): RunRow[] {
      return (statements.listByStatus.all(JSON.stringify(statuses)) as RunsTableRow[]).map(toRunRow);
    },

    /** Applies changes to a run and returns it as stored. */
    updateRun(id: string, changes: RunChanges): Run {
      const entries = Object.entries(changes) as [keyof RunChanges, unknown][];
      if (entries.length > 0) {
        const assignments = entries.map(([key]) => `${COLUMN_OF[key]} = @${key}`).join(', ');
        const values = Object.fromEntries(entries.map(([key, value]) => [key, key === 'limits' ? JSON.stringify(value) : value]));
        db.prepare(`UPDATE runs SET ${assignments} WHERE id = @id`).run({ ...values, id });
      }
      const row = statements.getRun.get(id) as RunsTableRow | undefined;
      if (!row) throw new Error(`run ${id} is not in the database`);
      return toRunRow(row).run;
    },

    saveIteration(iteration: Iteration, failure?: Failure): void {
      statements.upsertIteration.run({
        run_id: iteration.runId,
        n: iteration.n,
        status: iteration.status,
        summary: iteration.summary,
        duration_ms: iteration.durationMs,
        input_tokens: iteration.inputTokens,
        output_tokens: iteration.outputTokens,
        cost_usd: iteration.costUsd,
        failure: failure ? JSON.stringify(failure) : null,
        started_at: iteration.startedAt,
        ended_at: iteration.endedAt,
      });
    },

    getIteration(runId: string, n: number): Iteration | null {
      const row = statements.getIteration.get(runId, n) as IterationsTableRow | undefined;
      return row ? toIteration(row) : null;
    },

    listIterations(runId: string): Iteration[] {
      return (statements.listIterations.all(runId) as IterationsTableRow[]).map(toIteration);
    },

    /** Appends events in one transaction and returns them numbered. */
    appendEvents(events: ReadonlyArray<NewEvent>): RunEvent[] {
      // Numbered inside the transaction from what is stored: a batch that fails and is retried leaves no gap.
      return db.transaction(() => {
        const lastSeq = new Map<string, number>();
        return events.map((event) => {
          const seq = (lastSeq.get(event.runId) ?? (statements.lastSeq.get(event.runId) as { seq: number }).seq) + 1;
          lastSeq.set(event.runId, seq);
          const numbered: RunEvent = { ...event, seq };
          statements.insertEvent.run(numbered.runId, numbered.seq, numbered.iteration, numbered.kind, JSON.stringify(numbered.data), numbered.at);
          return numbered;
        });
      })();
    },

    listEvents(runId: string, afterSeq: number, limit: number): RunEvent[] {
      return (statements.listEvents.all(runId, afterSeq, limit) as EventsTableRow[]).map(toEvent);
    },

    /** Every stored event of a run, in order (for export). */
    listAllEvents(runId: string): RunEvent[] {
      return (statements.listAllEvents.all(runId) as EventsTableRow[]).map(toEvent);
    },

    /** Stores events with the sequence numbers they already have (an import); later appends continue after them. */
    insertNumberedEvents(events: ReadonlyArray<RunEvent>): void {
      db.transaction(() => {
        for (const event of events) {
          statements.insertEvent.run(event.runId, event.seq, event.iteration, event.kind, JSON.stringify(event.data), event.at);
        }
      })();
    },

    /** Stores a checkpoint: appends the messages, or replaces the whole conversation after a compaction. */
    saveCheckpoint(runId: string, iteration: number, messages: ReadonlyArray<unknown>, replace: boolean): void {
      db.transaction(() => {
        if (replace) statements.deleteMessages.run(runId);
        let seq = (statements.lastMessageSeq.get(runId) as { seq: number }).seq;
        for (const message of messages) statements.insertMessage.run(runId, (seq += 1), iteration, JSON.stringify(message));
      })();
    },

    /** Deletes a run and, by cascade, its iterations, events, checkpoint and approvals. */
    deleteRun(id: string): void {
      statements.deleteRun.run(id);
    },

    /** The last iteration whose conversation is in the checkpoint (0 when none is). */
    checkpointIteration(runId: string): number {
      return (statements.checkpointIteration.get(runId) as { n: number }).n;
    },

    loadConversation(runId: string): unknown[] {
      return (statements.listMessages.all(runId) as { message: string }[]).map((row) => JSON.parse(row.message) as unknown);
    },
  };
}

export type RunsRepository = ReturnType<typeof createRunsRepository>;
