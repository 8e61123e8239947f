// Scenario 5 (docs/PERFORMANCE.md): how long `runs.stop` takes until the run is `ended` in SQLite, for a run
// in its interval wait, in a model call, and in a running bash command.
import type { Run } from '../src/shared/records';
import { type BenchEngine, createBenchEngine, descendantsOf, isIterationDone, isRunEnded, reportingIteration } from './lib/engine';
import { type Figure, fig, progress, record } from './lib/report';
import { median, percentile } from './lib/stats';

/** Runs brought into the state at once, then stopped one after another (each stop alone on the CPU). */
const BATCH = 5;
const ROUNDS = 6;
const N = BATCH * ROUNDS;
/** After the batch reached its state: let the last runner get into its model call or command. */
const SETTLE_MS = 500;

type Condition = Readonly<{
  key: string;
  label: string;
  script: Parameters<BenchEngine['writeScript']>[1];
  permissions?: { profile: 'trusted' };
  /** Resolves once the run is in the state the stop should find it in. */
  reached(engine: BenchEngine, run: Run): Promise<void>;
}>;

async function poll(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`bench: ${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sleepsUnder = (pid: number | null): number => (pid === null ? 0 : descendantsOf(pid).filter((child) => child.comm === 'sleep').length);

const conditions: Condition[] = [
  {
    key: 'interval',
    label: 'in the interval wait',
    script: { responses: reportingIteration('One step, then a long wait.'), whenExhausted: 'loop' },
    reached: async (engine, run) => void (await engine.waitFor(`first iteration of ${run.id}`, isIterationDone(run.id, 1), 30_000)),
  },
  {
    key: 'modelCall',
    label: 'in a model call',
    script: { responses: [{ delayMs: 3_600_000, text: 'This answer takes an hour.' }] },
    reached: async (engine, run) =>
      void (await engine.waitFor(
        `iteration 1 of ${run.id} started`,
        (event) => event.type === 'run.iteration' && event.iteration.runId === run.id && event.iteration.status === 'running',
        30_000,
      )),
  },
  {
    key: 'bash',
    label: 'in a running bash command (`sleep 30`)',
    script: { responses: [{ text: 'Running a long command.', toolCalls: [{ tool: 'bash', input: { command: 'sleep 30' } }] }, { text: 'Done.' }] },
    permissions: { profile: 'trusted' },
    reached: (engine, run) =>
      poll(
        `a sleep process under the runner of ${run.id}`,
        () => {
          const pid = engine.runnerPid(run.id);
          if (pid === null)
            throw new Error(
              `run ${run.id} ended before its command ran: ${JSON.stringify(engine.database().prepare('SELECT stop_reason, detail FROM runs WHERE id = ?').get(run.id))}`,
            );
          return sleepsUnder(pid) > 0;
        },
        30_000,
      ),
  },
];

const figures: Record<string, Figure> = {};
const engine = createBenchEngine();
try {
  for (const condition of conditions) {
    progress(`${condition.label}: ${ROUNDS} rounds of ${BATCH}`);
    const model = engine.writeScript(condition.key, condition.script);
    const latencies: number[] = [];
    let escalated = 0;
    let leftovers = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const runs = await Promise.all(
        Array.from({ length: BATCH }, (_, index) =>
          engine.call('runs.start', {
            template: 'demo-counter',
            name: `stop-${condition.key}-${round}-${index}`,
            model,
            loop: { intervalMs: 3_600_000, stagnationLimit: 0 },
            ...(condition.permissions ? { permissions: condition.permissions } : {}),
          }),
        ),
      );
      await Promise.all(runs.map((run) => condition.reached(engine, run)));
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      for (const run of runs) {
        const pid = engine.runnerPid(run.id);
        const ended = engine.waitFor(`${run.id} ended`, isRunEnded(run.id), 30_000);
        const started = performance.now();
        await engine.call('runs.stop', { id: run.id });
        await ended;
        latencies.push(performance.now() - started);
        const stored = engine.database().prepare('SELECT status, stop_reason AS stopReason, detail FROM runs WHERE id = ?').get(run.id) as {
          status: string;
          stopReason: string;
          detail: string | null;
        };
        if (stored.status !== 'ended' || stored.stopReason !== 'user_stop')
          throw new Error(`run ${run.id} is ${stored.status}/${stored.stopReason} after runs.stop`);
        if ((stored.detail ?? '').includes('ignored stop')) escalated += 1;
        if (pid !== null) leftovers += sleepsUnder(pid);
      }
    }
    figures[`${condition.key}P50`] = fig(`stop ${condition.label}: p50`, median(latencies), 'ms');
    figures[`${condition.key}P99`] = fig(`stop ${condition.label}: p99 (n=${N}: the largest sample)`, percentile(latencies, 0.99), 'ms');
    figures[`${condition.key}Escalated`] = fig(`stop ${condition.label}: runners that ignored \`stop\` (SIGTERM/SIGKILL needed)`, escalated, `of ${N}`, 0);
    if (condition.key === 'bash') figures.bashLeftovers = fig('stop in a bash command: `sleep` processes left behind', leftovers, 'processes', 0);
  }
  record(
    'stop-latency',
    `Real engine and runners; for each state, ${ROUNDS} rounds: ${BATCH} runs of demo-counter are started at once and brought into the state (interval wait: first iteration done, 1 h interval; model call: iteration 1 started with a scripted response delayed by 1 h; bash: a \`sleep 30\` child process exists under the runner, permissions profile trusted so nothing asks), ${SETTLE_MS} ms to settle, then stopped one after another with \`runs.stop\` through the API. The clock runs from the call to the bus's \`run.updated\` with status ended, which is published right after the row is written to SQLite (checked afterwards: ended, user_stop). Percentiles are nearest-rank over n=${N} per state.`,
    figures,
  );
} finally {
  await engine.dispose();
}
