// Scenario 4 (docs/PERFORMANCE.md): memory of each runner process and of the engine with 1, 10 and
// 50 runners idle in their interval wait with a scripted model, then with 1 and 10 whose model is an
// openai-compatible provider (its chunk loaded, two HTTP calls done) against the local fake server.
import { createNodeRunnerHost } from '../src/core/runner-host/node-runner-host';
import { keepingASpare } from '../src/core/runner-host/spare-runner';
import { RUNNER_ENTRY } from './lib/paths';
import { type BenchEngine, createBenchEngine, isIterationDone, procStatusKiB, pssKiB, reportingIteration } from './lib/engine';
import { BASELINE_RUNNER_ENTRY, BASELINE_V8_FLAGS } from './lib/paths';
import { LOCAL_MODEL, LOCAL_PROVIDER, startReportingServer } from './lib/openai-compatible';
import { type Figure, fig, progress, record } from './lib/report';
import { max, median } from './lib/stats';

const LEVELS = [1, 10, 50];
/** The levels of the openai-compatible pass, after the scripted runners are stopped. */
const OAI_LEVELS = [1, 10];
/** Runners started at once; more would crowd 2 cores past the 5 s handshake timeout. */
const BATCH = 5;
/** Time for the freshly started runners' memory to settle before it is read. */
const SETTLE_MS = 2_000;

const MiB = 1024;
const engine = createBenchEngine();
const server = await startReportingServer('One step, then a long wait.');
const figures: Record<string, Figure> = {};

/** Starts runs of `model` until `ids` holds `level`, each waited for until its first iteration is done. */
async function fillTo(level: number, ids: string[], model: string, prefix: string, target: BenchEngine = engine): Promise<void> {
  while (ids.length < level) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(BATCH, level - ids.length) }, (_, index) =>
        target.call('runs.start', {
          template: 'demo-counter',
          name: `${prefix}-${ids.length + index}`,
          model,
          loop: { intervalMs: 3_600_000, stagnationLimit: 0 },
        }),
      ),
    );
    // Idle means: the first iteration is done and stored, the runner sits in its interval wait.
    await Promise.all(batch.map((run) => target.waitFor(`first iteration of ${run.id}`, isIterationDone(run.id), 30_000)));
    ids.push(...batch.map((run) => run.id));
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/** Stops the runs of `ids` through the API. */
async function stopRuns(target: BenchEngine, ids: ReadonlyArray<string>): Promise<void> {
  await Promise.all(ids.map((id) => target.call('runs.stop', { id })));
}

/** RSS and PSS of each live runner of `ids`, in MiB. */
function runnerMemory(ids: ReadonlyArray<string>, target: BenchEngine = engine): { rss: number[]; pss: number[] } {
  const pids = ids.map((id) => target.runnerPid(id)).filter((pid): pid is number => pid !== null);
  if (pids.length !== ids.length) throw new Error(`expected ${ids.length} live runners, found ${pids.length}`);
  return { rss: pids.map((pid) => (procStatusKiB(pid, 'VmRSS') ?? Number.NaN) / MiB), pss: pids.map((pid) => (pssKiB(pid) ?? Number.NaN) / MiB) };
}

try {
  const model = engine.writeScript('idle', { responses: reportingIteration('One step, then a long wait.'), whenExhausted: 'loop' });
  await engine.call('providers.set', { name: LOCAL_PROVIDER, config: { type: 'openai-compatible', baseUrl: server.baseUrl } });
  const ids: string[] = [];
  for (const level of LEVELS) {
    progress(`starting runners up to ${level}`);
    await fillTo(level, ids, model, 'idle');
    const { rss, pss } = runnerMemory(ids);
    const engineRss = process.memoryUsage().rss / 1024 ** 2;
    figures[`runnerRssMedian${level}`] = fig(`${level} idle runner${level > 1 ? 's' : ''}: RSS per runner, median`, median(rss), 'MiB');
    if (level > 1) figures[`runnerRssMax${level}`] = fig(`${level} idle runners: RSS per runner, max`, max(rss), 'MiB');
    figures[`runnerPssMedian${level}`] = fig(`${level} idle runner${level > 1 ? 's' : ''}: PSS per runner, median`, median(pss), 'MiB');
    figures[`runnersRssSum${level}`] = fig(
      `${level} idle runner${level > 1 ? 's' : ''}: RSS of all runners`,
      rss.reduce((sum, value) => sum + value, 0),
      'MiB',
      0,
    );
    figures[`runnersPssSum${level}`] = fig(
      `${level} idle runner${level > 1 ? 's' : ''}: PSS of all runners`,
      pss.reduce((sum, value) => sum + value, 0),
      'MiB',
      0,
    );
    figures[`engineRss${level}`] = fig(`${level} idle runner${level > 1 ? 's' : ''}: engine RSS`, engineRss, 'MiB');
  }
  progress('stopping the scripted runners');
  await stopRuns(engine, ids);
  const oaiIds: string[] = [];
  for (const level of OAI_LEVELS) {
    progress(`starting openai-compatible runners up to ${level}`);
    await fillTo(level, oaiIds, LOCAL_MODEL, 'idle-oai');
    const { rss, pss } = runnerMemory(oaiIds);
    const plural = level > 1 ? 's' : '';
    figures[`oaiRunnerRssMedian${level}`] = fig(`openai-compatible: ${level} idle runner${plural}: RSS per runner, median`, median(rss), 'MiB');
    if (level > 1) figures[`oaiRunnerRssMax${level}`] = fig(`openai-compatible: ${level} idle runners: RSS per runner, max`, max(rss), 'MiB');
    figures[`oaiRunnerPssMedian${level}`] = fig(`openai-compatible: ${level} idle runner${plural}: PSS per runner, median`, median(pss), 'MiB');
  }
  progress('the spare runner a server keeps (loaded, waiting for a run)');
  const spareHost = keepingASpare(createNodeRunnerHost({ runnerEntry: RUNNER_ENTRY }));
  try {
    const spareRss: number[] = [];
    const sparePss: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      spareHost.warm();
      if (!(await spareHost.whenWarm())) throw new Error('bench: the spare runner ended before it was warm');
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const pid = spareHost.sparePid() as number;
      spareRss.push((procStatusKiB(pid, 'VmRSS') ?? Number.NaN) / MiB);
      sparePss.push((pssKiB(pid) ?? Number.NaN) / MiB);
      process.kill(pid, 'SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    figures.spareRss = fig('the spare runner, loaded and waiting: RSS, median of 3', median(spareRss), 'MiB');
    figures.sparePss = fig('the spare runner, loaded and waiting: PSS, median of 3', median(sparePss), 'MiB');
  } finally {
    await spareHost.close();
  }
  if (BASELINE_RUNNER_ENTRY) {
    progress('one idle runner of each model from the baseline build');
    await stopRuns(engine, oaiIds);
    const baseline = createBenchEngine({ host: createNodeRunnerHost({ runnerEntry: BASELINE_RUNNER_ENTRY, v8Flags: BASELINE_V8_FLAGS }) });
    try {
      await baseline.call('providers.set', { name: LOCAL_PROVIDER, config: { type: 'openai-compatible', baseUrl: server.baseUrl } });
      const scriptedIds: string[] = [];
      await fillTo(
        1,
        scriptedIds,
        baseline.writeScript('idle', { responses: reportingIteration('One step, then a long wait.'), whenExhausted: 'loop' }),
        'baseline',
        baseline,
      );
      const scripted = runnerMemory(scriptedIds, baseline);
      figures.baselineRunnerRss1 = fig('baseline runner (AUTOLOOP_BENCH_BASELINE): 1 idle runner: RSS', median(scripted.rss), 'MiB');
      figures.baselineRunnerPss1 = fig('baseline runner: 1 idle runner: PSS', median(scripted.pss), 'MiB');
      await stopRuns(baseline, scriptedIds);
      const oaiBaselineIds: string[] = [];
      await fillTo(1, oaiBaselineIds, LOCAL_MODEL, 'baseline-oai', baseline);
      const oai = runnerMemory(oaiBaselineIds, baseline);
      figures.baselineOaiRunnerRss1 = fig('baseline runner: openai-compatible: 1 idle runner: RSS', median(oai.rss), 'MiB');
      figures.baselineOaiRunnerPss1 = fig('baseline runner: openai-compatible: 1 idle runner: PSS', median(oai.pss), 'MiB');
    } finally {
      await baseline.dispose();
    }
  }
  record(
    'runner-memory',
    `One engine (this process) starts runs of demo-counter with a scripted model (then, after stopping those, with \`${LOCAL_MODEL}\`, an openai-compatible provider pointing at the local fake OpenAI-compatible server in this process: levels ${OAI_LEVELS.join(' and ')}) and a 1 h interval, ${BATCH} at a time, each waited for until its first iteration is done, so every runner sits in its interval wait; ${SETTLE_MS / 1000} s later it reads VmRSS from /proc/<pid>/status and Pss from /proc/<pid>/smaps_rollup for each runner pid (engine.runnerPid) and process.memoryUsage().rss for the engine. Levels are cumulative: the 10 include the 1, the 50 include the 10. The spare runner (\`keepingASpare\`, which \`autoloop serve\` and the desktop app keep) is measured alone, ${SETTLE_MS / 1000} s after it said it had loaded the runner, three times (each one killed before the next). With AUTOLOOP_BENCH_BASELINE, one idle runner of each model from that earlier build is measured the same way, alone. RSS counts the pages every Node process shares (the node binary) in full in each runner; PSS divides them among the processes sharing them, so the PSS sum is what the runners really cost together.`,
    figures,
  );
} finally {
  progress('stopping every runner');
  await engine.dispose();
  await server.close();
}
