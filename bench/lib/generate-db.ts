import { openDatabase } from '../../src/core/store/database';
import { createTemplateRevisionsRepository } from '../../src/core/store/template-revisions-repository';
import { DEFAULT_LOOP_OPTIONS, DEFAULT_PERMISSIONS } from '../../src/shared/records';

/** A run id like the engine's (`r` + 12 hex digits), from a seeded generator so the data is the same every time. */
function idGenerator(seed: number): () => string {
  let state = BigInt(seed);
  return () => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return `r${(state >> 16n).toString(16).padStart(12, '0').slice(-12)}`;
  };
}

/** What one iteration writes to the log, as stored JSON: a line of text, a tool call and its result, more text. */
function iterationEvents(n: number, perIteration: number): Array<{ kind: string; data: string }> {
  const events: Array<{ kind: string; data: string }> = [];
  for (let k = 0; events.length < perIteration; k += 1) {
    const step = `${n}.${k}`;
    events.push({ kind: 'text', data: JSON.stringify({ text: `Looking at step ${step}: reading the notes and deciding what to change next.` }) });
    // The shapes the runner emits (src/runner/agent/run-turn.ts).
    events.push({ kind: 'tool_call', data: JSON.stringify({ toolCallId: `call_${step}`, tool: 'read_file', input: { path: `notes/step-${step}.md` } }) });
    events.push({
      kind: 'tool_result',
      data: JSON.stringify({ toolCallId: `call_${step}`, tool: 'read_file', output: `# Step ${step}\nNothing unusual here; carry on.`, isError: false }),
    });
  }
  return events.slice(0, perIteration);
}

export type GeneratedDb = Readonly<{ runIds: string[]; runningIds: string[]; events: number; seconds: number }>;

/**
 * Fills a fresh database (schema from the real migrations) with ended runs of demo-counter, their
 * iterations and their events, by direct SQL in big transactions; `running` of them are left
 * `running` with no process, as after a crash, so the next engine start has to reconcile them.
 */
export function generateDatabase(
  file: string,
  shape: Readonly<{
    runs: number;
    iterationsPerRun: number;
    eventsPerRun: number;
    running: number;
    seed?: number;
    lastEvent?: { kind: string; data: Record<string, unknown> };
  }>,
): GeneratedDb {
  const started = performance.now();
  const db = openDatabase(file);
  // Generation only: the bench measures the engine opening this file, not these inserts.
  db.pragma('synchronous = OFF');
  const revision = createTemplateRevisionsRepository(db).save('demo-counter', 'You count from 1 up to 5, one number per iteration.');
  const insertRun = db.prepare(`INSERT INTO runs (id, name, template, template_revision, status, stop_reason, pause_reason, detail,
    iterations, input_tokens, output_tokens, cost_usd, limits, permissions, loop, params, model, workdir, created_at, started_at, ended_at, events_bytes, events_dropped)
    VALUES (?, ?, 'demo-counter', ?, ?, ?, NULL, NULL, ?, ?, ?, 0, '{}', ?, ?, '{"target":5}', 'scripted/demo-counter', ?, ?, ?, ?, 0, 0)`);
  const setBytes = db.prepare('UPDATE runs SET events_bytes = ? WHERE id = ?');
  const insertIteration =
    db.prepare(`INSERT INTO iterations (run_id, n, status, summary, duration_ms, input_tokens, output_tokens, cost_usd, failure, started_at, ended_at)
    VALUES (?, ?, 'ok', ?, 1200, 900, 120, 0, NULL, ?, ?)`);
  const insertEvent = db.prepare('INSERT INTO events (run_id, seq, iteration, kind, data, at) VALUES (?, ?, ?, ?, ?, ?)');
  const nextId = idGenerator(shape.seed ?? 11);
  const permissions = JSON.stringify(DEFAULT_PERMISSIONS);
  const loop = JSON.stringify(DEFAULT_LOOP_OPTIONS);
  const perIteration = Math.max(1, Math.ceil(shape.eventsPerRun / shape.iterationsPerRun));
  const templates = Array.from({ length: shape.iterationsPerRun }, (_, index) => iterationEvents(index + 1, perIteration));
  const now = Date.now();
  const runIds: string[] = [];
  const runningIds: string[] = [];
  let events = 0;
  const RUNS_PER_TRANSACTION = Math.max(1, Math.floor(200_000 / Math.max(1, shape.eventsPerRun)));
  for (let first = 0; first < shape.runs; first += RUNS_PER_TRANSACTION) {
    db.transaction(() => {
      for (let index = first; index < Math.min(shape.runs, first + RUNS_PER_TRANSACTION); index += 1) {
        const id = nextId();
        const isRunning = index >= shape.runs - shape.running;
        // Spread over the last 80 days (inside the default 90-day retention), oldest first.
        const createdMs = now - 80 * 86_400_000 + Math.floor((index / shape.runs) * 80 * 86_400_000);
        const at = (offsetMs: number): string => new Date(createdMs + offsetMs).toISOString();
        const endedAt = isRunning ? null : at(shape.iterationsPerRun * 1_500 + 2_000);
        insertRun.run(
          id,
          `bench run ${index + 1}`,
          revision,
          isRunning ? 'running' : 'ended',
          isRunning ? null : 'completed',
          shape.iterationsPerRun,
          shape.iterationsPerRun * 900,
          shape.iterationsPerRun * 120,
          permissions,
          loop,
          `/tmp/autoloop-bench-workdirs/${id}`,
          at(0),
          at(100),
          endedAt,
        );
        let bytes = 0;
        let seq = 0;
        for (let n = 1; n <= shape.iterationsPerRun; n += 1) {
          insertIteration.run(id, n, `Counted to ${n}.`, at(n * 1_500), at(n * 1_500 + 1_200));
          for (const event of templates[n - 1] ?? []) {
            if (seq >= shape.eventsPerRun) break;
            seq += 1;
            const last = seq === shape.eventsPerRun ? shape.lastEvent : undefined;
            const kind = last ? last.kind : event.kind;
            const data = last ? JSON.stringify(last.data) : event.data;
            insertEvent.run(id, seq, n, kind, data, at(n * 1_500 + seq));
            bytes += data.length;
          }
        }
        events += seq;
        setBytes.run(bytes, id);
        runIds.push(id);
        if (isRunning) runningIds.push(id);
      }
    })();
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { runIds, runningIds, events, seconds: (performance.now() - started) / 1000 };
}
