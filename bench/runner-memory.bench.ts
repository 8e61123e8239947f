// Scenario 4 (docs/PERFORMANCE.md): memory of each runner process and of the engine with 1, 10 and 50
// runners idle in their interval wait.
import { createBenchEngine, isIterationDone, procStatusKiB, pssKiB, reportingIteration } from './lib/engine';
import { type Figure, fig, progress, record } from './lib/report';
import { max, median } from './lib/stats';

const LEVELS = [1, 10, 50];
/** Runners started at once; more would crowd 2 cores past the 5 s handshake timeout. */
const BATCH = 5;
/** Time for the freshly started runners' memory to settle before it is read. */
const SETTLE_MS = 2_000;

const MiB = 1024;
const engine = createBenchEngine();
const figures: Record<string, Figure> = {};
try {
  const model = engine.writeScript('idle', { responses: reportingIteration('One step, then a long wait.'), whenExhausted: 'loop' });
  const ids: string[] = [];
  for (const level of LEVELS) {
    progress(`starting runners up to ${level}`);
    while (ids.length < level) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(BATCH, level - ids.length) }, (_, index) =>
          engine.call('runs.start', {
            template: 'demo-counter',
            name: `idle-${ids.length + index}`,
            model,
            loop: { intervalMs: 3_600_000, stagnationLimit: 0 },
          }),
        ),
      );
      // Idle means: the first iteration is done and stored, the runner sits in its interval wait.
      await Promise.all(batch.map((run) => engine.waitFor(`first iteration of ${run.id}`, isIterationDone(run.id), 30_000)));
      ids.push(...batch.map((run) => run.id));
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const pids = ids.map((id) => engine.runnerPid(id)).filter((pid): pid is number => pid !== null);
    if (pids.length !== level) throw new Error(`expected ${level} live runners, found ${pids.length}`);
    const rss = pids.map((pid) => (procStatusKiB(pid, 'VmRSS') ?? Number.NaN) / MiB);
    const pss = pids.map((pid) => (pssKiB(pid) ?? Number.NaN) / MiB);
    const engineRss = process.memoryUsage().rss / 1024 ** 2;
    figures[`runnerRssMedian${level}`] = fig(`${level} idle runner${level > 1 ? 's' : ''}: RSS per runner, median`, median(rss), 'MiB');
    if (level > 1) figures[`runnerRssMax${level}`] = fig(`${level} idle runners: RSS per runner, max`, max(rss), 'MiB');
    figures[`runnerPssMedian${level}`] = fig(`${level} idle runner${level > 1 ? 's' : ''}: PSS per runner, median`, median(pss), 'MiB');
    figures[`runnersRssSum${level}`] = fig(`${level} idle runner${level > 1 ? 's' : ''}: RSS of all runners`, rss.reduce((sum, value) => sum + value, 0), 'MiB', 0);
    figures[`runnersPssSum${level}`] = fig(`${level} idle runner${level > 1 ? 's' : ''}: PSS of all runners`, pss.reduce((sum, value) => sum + value, 0), 'MiB', 0);
    figures[`engineRss${level}`] = fig(`${level} idle runner${level > 1 ? 's' : ''}: engine RSS`, engineRss, 'MiB');
  }
  record(
    'runner-memory',
    `One engine (this process) starts runs of demo-counter with a scripted model and a 1 h interval, ${BATCH} at a time, each waited for until its first iteration is done, so every runner sits in its interval wait; ${SETTLE_MS / 1000} s later it reads VmRSS from /proc/<pid>/status and Pss from /proc/<pid>/smaps_rollup for each runner pid (supervisor.pidOf) and process.memoryUsage().rss for the engine. Levels are cumulative: the 10 include the 1, the 50 include the 10. RSS counts the pages every Node process shares (the node binary) in full in each runner; PSS divides them among the processes sharing them, so the PSS sum is what the runners really cost together.`,
    figures,
  );
} finally {
  progress('stopping every runner');
  await engine.dispose();
}
