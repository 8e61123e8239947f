// Scenario 3 (docs/PERFORMANCE.md): iterations per second with the scripted model at interval 0, with every
// iteration, event and checkpoint persisted, for 1 runner and for 8 concurrent runners.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createNodeRunnerHost } from '../src/core/runner-host/node-runner-host';
import { RUNNER_V8_FLAGS, type RunnerHost } from '../src/core/runner-host/runner-host';
import { createBenchEngine, isIterationDone, variedLoopScript } from './lib/engine';
import { BASELINE_RUNNER_ENTRY, BASELINE_V8_FLAGS, RUNNER_ENTRY } from './lib/paths';
import { fig, progress, record } from './lib/report';
import { type Figure } from './lib/report';

/** One runner is watched for a minute, so a rate that falls with the conversation's length shows (issue #19); eight for 15 s. */
const WINDOW_MS: Readonly<Record<number, number>> = { 1: Number(process.env.AUTOLOOP_BENCH_WINDOW_MS ?? 60_000), 8: 15_000 };
/** `AUTOLOOP_BENCH_RUNNERS=1` measures only the single runner (profiling). */
const RUNNER_COUNTS = (process.env.AUTOLOOP_BENCH_RUNNERS ?? '1,8').split(',').map(Number);
/** `AUTOLOOP_BENCH_RUNNER_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`: V8 flags added to this build's runners (profiling, A/B of flags). */
const EXTRA_RUNNER_FLAGS = (process.env.AUTOLOOP_BENCH_RUNNER_FLAGS ?? '').split(' ').filter(Boolean);
const ownHost = (): RunnerHost | undefined =>
  EXTRA_RUNNER_FLAGS.length > 0 ? createNodeRunnerHost({ runnerEntry: RUNNER_ENTRY, v8Flags: [...RUNNER_V8_FLAGS, ...EXTRA_RUNNER_FLAGS] }) : undefined;
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; 0 when it is gone. */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

type Measured = Readonly<{
  iterations: number;
  firstThird: number;
  lastThird: number;
  seconds: number;
  engineCpu: number;
  runnersCpu: number;
  eventsStored: number;
  /** CPU milliseconds (runners' sum) per iteration in the first and the last third: unlike the rate, the machine's load barely moves it. */
  runnerCpuPerIteration: readonly [number, number];
  engineCpuPerIteration: readonly [number, number];
}>;

const runnersCpuOf = (pids: ReadonlyArray<number>): number => pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
const engineCpuOf = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

async function measure(runners: number, windowMs: number, host?: RunnerHost): Promise<Measured> {
  const engine = createBenchEngine(host ? { host } : {});
  try {
    const model = engine.writeScript('varied', variedLoopScript());
    const ids: string[] = [];
    for (let i = 0; i < runners; i += 1) {
      const run = await engine.call('runs.start', {
        template: 'demo-counter',
        name: `throughput-${runners}-${i}`,
        model,
        limits: { maxIterations: 0 },
        loop: { intervalMs: 0, stagnationLimit: 0 },
      });
      ids.push(run.id);
    }
    // Measure only once every runner has finished an iteration (spawn and warm-up are scenario 1 and 2).
    await Promise.all(ids.map((id) => engine.waitFor(`first iteration of ${id}`, isIterationDone(id), 30_000)));
    const pids = ids.map((id) => engine.runnerPid(id) ?? -1);
    const doneAt: number[] = [];
    const unsubscribe = engine.bus.subscribe((event) => {
      if (event.type === 'run.iteration' && event.iteration.status === 'ok') doneAt.push(performance.now());
    });
    const eventsBefore = engine.database().prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
    const cpuBefore = process.cpuUsage();
    const runnersBefore = pids.map(cpuSecondsOf);
    const started = performance.now();
    // CPU at the thirds' boundaries, for the CPU per iteration of the first and the last third.
    const marks: Array<Readonly<{ runners: number; engine: number; done: number }>> = [];
    const mark = (): void => void marks.push({ runners: runnersCpuOf(pids), engine: engineCpuOf(), done: doneAt.length });
    mark();
    const timers = [1, 2].map((k) => setTimeout(mark, (windowMs * k) / 3));
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    timers.forEach(clearTimeout);
    mark();
    const perIteration = (from: number, key: 'runners' | 'engine'): number => {
      const [a, b] = [marks[from], marks[from + 1]];
      return a && b && b.done > a.done ? ((b[key] - a[key]) * 1000) / (b.done - a.done) : Number.NaN;
    };
    const lastThirdIndex = marks.length - 2;
    const seconds = (performance.now() - started) / 1000;
    unsubscribe();
    const cpu = process.cpuUsage(cpuBefore);
    const runnersCpu = pids.map(cpuSecondsOf).reduce((sum, value, index) => sum + value - (runnersBefore[index] ?? 0), 0);
    // A read of a run's log writes every buffered event first (of every run), as the UI's reads do.
    await engine.call('runs.events', { id: ids[0] as string, afterSeq: 0, limit: 1 });
    const eventsStored = (engine.database().prepare('SELECT COUNT(*) FROM events').pluck().get() as number) - eventsBefore;
    const stopped = await Promise.all(ids.map((id) => engine.call('runs.stop', { id })));
    const crashed = stopped.filter((run) => run.stopReason !== 'user_stop');
    if (crashed.length > 0)
      throw new Error(`runs ended otherwise than by the bench's stop: ${crashed.map((run) => `${run.id} ${run.stopReason} ${run.detail}`).join('; ')}`);
    const third = (seconds * 1000) / 3;
    const firstThird = doneAt.filter((at) => at - started < third).length / (third / 1000);
    const lastThird = doneAt.filter((at) => at - started >= 2 * third).length / (third / 1000);
    return {
      iterations: doneAt.length,
      firstThird,
      lastThird,
      seconds,
      engineCpu: (cpu.user + cpu.system) / 1e6,
      runnersCpu,
      eventsStored,
      runnerCpuPerIteration: [perIteration(0, 'runners'), perIteration(lastThirdIndex, 'runners')],
      engineCpuPerIteration: [perIteration(0, 'engine'), perIteration(lastThirdIndex, 'engine')],
    };
  } finally {
    await engine.dispose();
  }
}

const figures: Record<string, Figure> = {};
for (const runners of RUNNER_COUNTS) {
  const windowMs = WINDOW_MS[runners] ?? 15_000;
  progress(`${runners} runner(s) for ${windowMs / 1000} s`);
  const result = await measure(runners, windowMs, ownHost());
  figures[`iterationsPerSecond${runners}`] = fig(
    `${runners} runner${runners > 1 ? 's' : ''}: iterations/s (all runners together)`,
    result.iterations / result.seconds,
    'iterations/s',
  );
  figures[`thirds${runners}`] = fig(
    `${runners} runner${runners > 1 ? 's' : ''}: iterations/s in the first and the last third of the window`,
    `${result.firstThird.toFixed(1)} → ${result.lastThird.toFixed(1)}`,
    'iterations/s',
  );
  const plural = runners > 1 ? 's' : '';
  figures[`runnerCpuPerIteration${runners}`] = fig(
    `${runners} runner${plural}: runner CPU per iteration, first → last third`,
    `${result.runnerCpuPerIteration[0].toFixed(2)} → ${result.runnerCpuPerIteration[1].toFixed(2)}`,
    'ms',
  );
  figures[`engineCpuPerIteration${runners}`] = fig(
    `${runners} runner${plural}: engine CPU per iteration, first → last third`,
    `${result.engineCpuPerIteration[0].toFixed(2)} → ${result.engineCpuPerIteration[1].toFixed(2)}`,
    'ms',
  );
  if (runners > 1)
    figures[`perRunner${runners}`] = fig(`${runners} runners: iterations/s per runner`, result.iterations / result.seconds / runners, 'iterations/s');
  figures[`events${runners}`] = fig(`${runners} runner${runners > 1 ? 's' : ''}: events stored`, result.eventsStored / result.seconds, 'events/s', 0);
  figures[`engineCpu${runners}`] = fig(`${runners} runner${runners > 1 ? 's' : ''}: engine CPU`, (result.engineCpu / result.seconds) * 100, '% of one core', 0);
  figures[`runnersCpu${runners}`] = fig(
    `${runners} runner${runners > 1 ? 's' : ''}: runners' CPU (sum)`,
    (result.runnersCpu / result.seconds) * 100,
    '% of one core',
    0,
  );
}
// An earlier build's runner under this engine, one runner for the same minute (AUTOLOOP_BENCH_BASELINE; bench/README.md).
if (BASELINE_RUNNER_ENTRY) {
  progress(`1 baseline runner for ${(WINDOW_MS[1] ?? 60_000) / 1000} s`);
  const host = createNodeRunnerHost({ runnerEntry: BASELINE_RUNNER_ENTRY, v8Flags: BASELINE_V8_FLAGS });
  const result = await measure(1, WINDOW_MS[1] ?? 60_000, host);
  figures.baselineIterationsPerSecond1 = fig(
    'baseline runner (AUTOLOOP_BENCH_BASELINE), 1 runner: iterations/s',
    result.iterations / result.seconds,
    'iterations/s',
  );
  figures.baselineThirds1 = fig(
    'baseline runner, 1 runner: iterations/s, first → last third',
    `${result.firstThird.toFixed(1)} → ${result.lastThird.toFixed(1)}`,
    'iterations/s',
  );
  figures.baselineRunnerCpuPerIteration1 = fig(
    'baseline runner, 1 runner: runner CPU per iteration, first → last third',
    `${result.runnerCpuPerIteration[0].toFixed(2)} → ${result.runnerCpuPerIteration[1].toFixed(2)}`,
    'ms',
  );
  figures.baselineEngineCpuPerIteration1 = fig(
    'baseline runner, 1 runner: engine CPU per iteration, first → last third',
    `${result.engineCpuPerIteration[0].toFixed(2)} → ${result.engineCpuPerIteration[1].toFixed(2)}`,
    'ms',
  );
}
record(
  'loop-throughput',
  `Real engine (SQLite in a temp folder, WAL) and real runner processes; template demo-counter with a scripted model looping over 12 iterations with distinct summaries (each: a \`report\` call, then a closing text: 2 model calls, no delay), \`whenExhausted: 'loop'\`, interval 0, stagnationLimit 0, no iteration limit. Counting starts once every runner has finished its first iteration and lasts 60 s for one runner, 15 s for eight; an iteration counts when its \`run.iteration\` (status ok) is published, i.e. after it is stored. CPU from process.cpuUsage() (engine) and /proc/<pid>/stat (runners); the machine has 2 cores, so 200 % is everything.`,
  figures,
);
