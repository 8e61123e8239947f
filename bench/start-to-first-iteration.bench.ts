// Scenario 2 (docs/PERFORMANCE.md): `runs.start` through the API until the run's first iteration is done and
// stored, with a scripted model (no model latency): the engine's and the runner's own overhead.
import type { ApiPushEvent } from '../src/shared/api';
import { createBenchEngine, reportingIteration } from './lib/engine';
import { fig, progress, record } from './lib/report';
import { median, percentile } from './lib/stats';

const N = 20;
const WARMUP = 1;

type Sample = Readonly<{ answered: number; running: number; firstIterationDone: number }>;

const engine = createBenchEngine();
const model = engine.writeScript('first-iteration', { responses: reportingIteration('First step done.'), whenExhausted: 'loop' });
const seen: Array<{ at: number; event: ApiPushEvent }> = [];
engine.bus.subscribe((event) => seen.push({ at: performance.now(), event }));

async function once(index: number): Promise<Sample> {
  seen.length = 0;
  const started = performance.now();
  const run = await engine.call('runs.start', {
    template: 'demo-counter',
    name: `first-iteration-${index}`,
    model,
    // A long interval: after iteration 1 the run waits, and the bench stops it.
    loop: { intervalMs: 600_000, stagnationLimit: 0 },
  });
  const answered = performance.now();
  await engine.waitFor('first iteration done', (event) => event.type === 'run.iteration' && event.iteration.runId === run.id && event.iteration.n === 1 && event.iteration.status === 'ok', 20_000);
  const runningAt = seen.find(({ event }) => event.type === 'run.updated' && event.run.id === run.id && event.run.status === 'running')?.at ?? Number.NaN;
  const doneAt = seen.find(({ event }) => event.type === 'run.iteration' && event.iteration.runId === run.id && event.iteration.status === 'ok')?.at ?? Number.NaN;
  await engine.call('runs.stop', { id: run.id });
  return { answered: answered - started, running: runningAt - started, firstIterationDone: doneAt - started };
}

try {
  progress(`${WARMUP} warm-up run, then ${N} runs one after another`);
  for (let i = 0; i < WARMUP; i += 1) await once(-1 - i);
  const samples: Sample[] = [];
  for (let i = 0; i < N; i += 1) samples.push(await once(i));
  const of = (key: keyof Sample): number[] => samples.map((sample) => sample[key]);
  record(
    'start-to-first-iteration',
    `\`runs.start\` through the API dispatcher (params parsed as both shells do) on an engine with a temp data folder, template demo-counter, a scripted model whose iteration is a \`report\` call and a closing text (2 model calls, no delay), interval 600 s. The clock runs from the call to the bus's \`run.iteration\` with status ok for iteration 1 (published after it is stored in SQLite). ${N} runs one after another after ${WARMUP} warm-up; each is stopped before the next. NODE_EXTRA_CA_CERTS as in the environment.`,
    {
      doneMedian: fig('start → first iteration done: median', median(of('firstIterationDone')), 'ms'),
      doneP95: fig('start → first iteration done: p95', percentile(of('firstIterationDone'), 0.95), 'ms'),
      runningMedian: fig('start → runner ready (status running): median', median(of('running')), 'ms'),
      answeredMedian: fig('`runs.start` answered: median', median(of('answered')), 'ms'),
      n: fig('runs', N, 'runs', 0),
    },
  );
} finally {
  await engine.dispose();
}
