// Scenario 2 (docs/PERFORMANCE.md): `runs.start` through the API until the run's first iteration is
// done and stored, with a scripted model (no model latency) and with an openai-compatible provider
// against the local fake server (the provider's chunk loaded, two HTTP calls): the engine's and the
// runner's own overhead.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiPushEvent } from '../src/shared/api';
import { createNodeRunnerHost } from '../src/core/runner-host/node-runner-host';
import { compileCacheDirOf } from '../src/core/runner-host/runner-host';
import { keepingASpare } from '../src/core/runner-host/spare-runner';
import { type BenchEngine, createBenchEngine, mainThreadCpuMs, reportingIteration } from './lib/engine';
import { BASELINE_RUNNER_ENTRY, BASELINE_V8_FLAGS, RUNNER_ENTRY } from './lib/paths';
import { LOCAL_MODEL, LOCAL_PROVIDER, startReportingServer } from './lib/openai-compatible';
import { fig, progress, record } from './lib/report';
import { median, percentile } from './lib/stats';

const N = 20;
const WARMUP = 1;

type Sample = Readonly<{ answered: number; running: number; firstIterationDone: number; runnerCpu: number }>;

const server = await startReportingServer('First step done.');
const seen: Array<{ at: number; event: ApiPushEvent }> = [];
const engine = createBenchEngine();
const scripted = engine.writeScript('first-iteration', { responses: reportingIteration('First step done.'), whenExhausted: 'loop' });
/** A second engine whose runners are an earlier build's (AUTOLOOP_BENCH_BASELINE), measured in the same sitting. */
const baseline = BASELINE_RUNNER_ENTRY
  ? createBenchEngine({ host: createNodeRunnerHost({ runnerEntry: BASELINE_RUNNER_ENTRY, v8Flags: BASELINE_V8_FLAGS }) })
  : null;
/** A third engine keeps a spare runner, as `autoloop serve` and the desktop app do; each sample waits until it is loaded. */
const spareDataDir = mkdtempSync(join(tmpdir(), 'autoloop-bench-spare-'));
const spareHost = keepingASpare(createNodeRunnerHost({ runnerEntry: RUNNER_ENTRY, compileCacheDir: compileCacheDirOf(spareDataDir) }), {
  refillDelayMs: 3_600_000,
});
const spareEngine = createBenchEngine({ host: spareHost });
const spareScripted = spareEngine.writeScript('first-iteration', { responses: reportingIteration('First step done.'), whenExhausted: 'loop' });
for (const target of baseline ? [engine, spareEngine, baseline] : [engine, spareEngine]) {
  await target.call('providers.set', { name: LOCAL_PROVIDER, config: { type: 'openai-compatible', baseUrl: server.baseUrl } });
  target.bus.subscribe((event) => seen.push({ at: performance.now(), event }));
}

async function once(index: number, model: string, target: BenchEngine = engine): Promise<Sample> {
  if (target === spareEngine) {
    spareHost.warm();
    if (!(await spareHost.whenWarm())) throw new Error('bench: the spare runner ended before it was warm');
  }
  seen.length = 0;
  const started = performance.now();
  const run = await target.call('runs.start', {
    template: 'demo-counter',
    name: `first-iteration-${model === LOCAL_MODEL ? 'oai-' : ''}${index}`,
    model,
    // A long interval: after iteration 1 the run waits, and the bench stops it.
    loop: { intervalMs: 600_000, stagnationLimit: 0 },
  });
  const answered = performance.now();
  await target.waitFor(
    'first iteration done',
    (event) => event.type === 'run.iteration' && event.iteration.runId === run.id && event.iteration.n === 1 && event.iteration.status === 'ok',
    20_000,
  );
  const pid = target.runnerPid(run.id);
  const runnerCpu = pid === null ? Number.NaN : mainThreadCpuMs(pid);
  const runningAt = seen.find(({ event }) => event.type === 'run.updated' && event.run.id === run.id && event.run.status === 'running')?.at ?? Number.NaN;
  const doneAt =
    seen.find(({ event }) => event.type === 'run.iteration' && event.iteration.runId === run.id && event.iteration.status === 'ok')?.at ?? Number.NaN;
  await target.call('runs.stop', { id: run.id });
  return { answered: answered - started, running: runningAt - started, firstIterationDone: doneAt - started, runnerCpu };
}

try {
  progress(`${WARMUP} warm-up run per model, then ${N} runs of each model, alternating`);
  for (let i = 0; i < WARMUP; i += 1) {
    await once(-1 - i, scripted);
    await once(-1 - i, LOCAL_MODEL);
    await once(-1 - i, spareScripted, spareEngine);
    await once(-1 - i, LOCAL_MODEL, spareEngine);
    if (baseline)
      await once(-1 - i, baseline.writeScript('first-iteration', { responses: reportingIteration('First step done.'), whenExhausted: 'loop' }), baseline);
  }
  const baselineScripted = baseline?.writeScript('first-iteration', { responses: reportingIteration('First step done.'), whenExhausted: 'loop' }) ?? '';
  const samples: Sample[] = [];
  const oaiSamples: Sample[] = [];
  const baselineSamples: Sample[] = [];
  const baselineOaiSamples: Sample[] = [];
  const spareSamples: Sample[] = [];
  const spareOaiSamples: Sample[] = [];
  for (let i = 0; i < N; i += 1) {
    samples.push(await once(i, scripted));
    oaiSamples.push(await once(i, LOCAL_MODEL));
    spareSamples.push(await once(i, spareScripted, spareEngine));
    spareOaiSamples.push(await once(i, LOCAL_MODEL, spareEngine));
    if (baseline) {
      baselineSamples.push(await once(i, baselineScripted, baseline));
      baselineOaiSamples.push(await once(i, LOCAL_MODEL, baseline));
    }
  }
  const of = (key: keyof Sample, from = samples): number[] => from.map((sample) => sample[key]);
  record(
    'start-to-first-iteration',
    `\`runs.start\` through the API dispatcher (params parsed as both shells do) on an engine with a temp data folder (the runners' compile cache in it, as the shells do), template demo-counter, interval 600 s, with two models: a scripted one whose iteration is a \`report\` call and a closing text (2 model calls, no delay), and \`${LOCAL_MODEL}\`, an openai-compatible provider pointing at the local fake OpenAI-compatible server (src/core/providers/testing/fake-openai-server.ts, in this process) that streams the same two answers over HTTP. The clock runs from the call to the bus's \`run.iteration\` with status ok for iteration 1 (published after it is stored in SQLite); the runner's main-thread CPU (/proc/<pid>/schedstat) is read at that moment, a figure the machine's load barely stretches. ${N} runs of each model, alternating, after ${WARMUP} warm-up of each; each is stopped before the next. A second engine keeps a spare runner (\`keepingASpare\`, as \`autoloop serve\` and the desktop app do) and runs both models in the same rotation; each of its samples starts once the spare has loaded the runner and waits (its CPU figure is not read: the spare's loading is not the run's). With AUTOLOOP_BENCH_BASELINE, another engine whose runners are that earlier build's (no compile cache) runs the same two models in the same rotation. NODE_EXTRA_CA_CERTS as in the environment.`,
    {
      doneMedian: fig('start → first iteration done: median', median(of('firstIterationDone')), 'ms'),
      doneP95: fig('start → first iteration done: p95', percentile(of('firstIterationDone'), 0.95), 'ms'),
      runningMedian: fig('start → runner ready (status running): median', median(of('running')), 'ms'),
      answeredMedian: fig('`runs.start` answered: median', median(of('answered')), 'ms'),
      cpuMedian: fig('runner main-thread CPU until its first iteration is done (scripted): median', median(of('runnerCpu')), 'ms'),
      oaiCpuMedian: fig('openai-compatible: runner main-thread CPU until its first iteration is done: median', median(of('runnerCpu', oaiSamples)), 'ms'),
      oaiDoneMedian: fig('openai-compatible: start → first iteration done: median', median(of('firstIterationDone', oaiSamples)), 'ms'),
      oaiDoneP95: fig('openai-compatible: start → first iteration done: p95', percentile(of('firstIterationDone', oaiSamples), 0.95), 'ms'),
      oaiRunningMedian: fig('openai-compatible: start → runner ready (status running): median', median(of('running', oaiSamples)), 'ms'),
      spareDoneMedian: fig('with a spare runner: start → first iteration done (scripted): median', median(of('firstIterationDone', spareSamples)), 'ms'),
      spareDoneP95: fig('with a spare runner: start → first iteration done (scripted): p95', percentile(of('firstIterationDone', spareSamples), 0.95), 'ms'),
      spareRunningMedian: fig('with a spare runner: start → runner ready (status running): median', median(of('running', spareSamples)), 'ms'),
      spareOaiDoneMedian: fig(
        'with a spare runner: openai-compatible: start → first iteration done: median',
        median(of('firstIterationDone', spareOaiSamples)),
        'ms',
      ),
      spareOaiDoneP95: fig(
        'with a spare runner: openai-compatible: start → first iteration done: p95',
        percentile(of('firstIterationDone', spareOaiSamples), 0.95),
        'ms',
      ),
      ...(baseline
        ? {
            baselineDoneMedian: fig(
              'baseline runner (AUTOLOOP_BENCH_BASELINE): start → first iteration done: median',
              median(of('firstIterationDone', baselineSamples)),
              'ms',
            ),
            baselineRunningMedian: fig('baseline runner: start → runner ready (status running): median', median(of('running', baselineSamples)), 'ms'),
            baselineCpuMedian: fig(
              'baseline runner: main-thread CPU until its first iteration is done (scripted): median',
              median(of('runnerCpu', baselineSamples)),
              'ms',
            ),
            baselineOaiCpuMedian: fig(
              'baseline runner: openai-compatible: main-thread CPU until its first iteration is done: median',
              median(of('runnerCpu', baselineOaiSamples)),
              'ms',
            ),
            baselineOaiDoneMedian: fig(
              'baseline runner: openai-compatible: start → first iteration done: median',
              median(of('firstIterationDone', baselineOaiSamples)),
              'ms',
            ),
          }
        : {}),
      n: fig('runs per model', N, 'runs', 0),
    },
  );
} finally {
  await engine.dispose();
  await spareEngine.dispose();
  await baseline?.dispose();
  await server.close();
}
