// Scenario 7 (docs/PERFORMANCE.md): engine start on a big database: 10,000 runs with 1,000,000 events, 100 of
// them left `running` by a "crash" so reconciliation has work.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../src/core/logger';
import { createApprovalsRepository } from '../src/core/store/approvals-repository';
import { openDatabase } from '../src/core/store/database';
import { createRunsRepository } from '../src/core/store/runs-repository';
import { reconcileOnStartup } from '../src/core/supervisor/reconcile';
import { createBenchEngine } from './lib/engine';
import { generateDatabase } from './lib/generate-db';
import { fig, progress, record } from './lib/report';
import { median } from './lib/stats';
import { listAllRuns } from '../src/shared/list-all-runs';

const RUNS = 10_000;
const EVENTS_PER_RUN = 100;
const ITERATIONS_PER_RUN = 10;
const RUNNING = 100;
const TRIALS = 3;

const folder = mkdtempSync(join(tmpdir(), 'autoloop-bench-bigdb-'));
try {
  const source = join(folder, 'source.db');
  progress(`generating ${RUNS} runs, ${RUNS * ITERATIONS_PER_RUN} iterations, ${RUNS * EVENTS_PER_RUN} events`);
  const generated = generateDatabase(source, { runs: RUNS, iterationsPerRun: ITERATIONS_PER_RUN, eventsPerRun: EVENTS_PER_RUN, running: RUNNING });
  const sizeMiB = statSync(source).size / 1024 ** 2;
  progress(`generated in ${generated.seconds.toFixed(1)} s, ${sizeMiB.toFixed(0)} MiB`);

  /** A fresh copy of the generated file in its own data folder (each start reconciles, so each needs a pristine one). */
  const freshDataDir = (name: string): string => {
    const dataDir = join(folder, name);
    mkdirSync(dataDir);
    copyFileSync(source, join(dataDir, 'autoloop.db'));
    return dataDir;
  };

  const open: number[] = [];
  const reconcile: number[] = [];
  const create: number[] = [];
  const firstList: number[] = [];
  const listOnly: number[] = [];
  let reconciled = 0;
  let listed = 0;
  for (let trial = 0; trial < TRIALS; trial += 1) {
    progress(`trial ${trial + 1} of ${TRIALS}`);
    // The parts: opening (quick_check, migrations) and reconciling, timed alone.
    const partsDir = freshDataDir(`parts-${trial}`);
    let started = performance.now();
    const db = openDatabase(join(partsDir, 'autoloop.db'));
    open.push(performance.now() - started);
    started = performance.now();
    reconciled = reconcileOnStartup(createRunsRepository(db), createApprovalsRepository(db), createMemoryLogger());
    reconcile.push(performance.now() - started);
    db.close();
    rmSync(partsDir, { recursive: true, force: true });

    // The whole: createEngine (which does all of the above and more), then the first API answer.
    const dataDir = freshDataDir(`engine-${trial}`);
    started = performance.now();
    const engine = createBenchEngine({ dataDir });
    const created = performance.now();
    const runs = await listAllRuns((page) => engine.call('runs.list', page));
    const answered = performance.now();
    create.push(created - started);
    firstList.push(answered - started);
    listOnly.push(answered - created);
    listed = runs.length;
    const paused = engine.database().prepare("SELECT COUNT(*) FROM runs WHERE status = 'paused' AND pause_reason = 'interrupted'").pluck().get() as number;
    if (paused !== RUNNING) throw new Error(`expected ${RUNNING} interrupted runs after the start, found ${paused}`);
    await engine.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
  record(
    'engine-start-large-db',
    `A database made with the real migrations and filled by direct SQL in transactions of 200,000 rows: ${RUNS} runs of demo-counter spread over 80 days, ${ITERATIONS_PER_RUN} iterations and ${EVENTS_PER_RUN} events (text, tool_call, tool_result; 50–110 bytes of JSON each) per run, ${RUNNING} runs left \`running\` without a process. Each of ${TRIALS} trials starts from a fresh copy of the file (the OS file cache is warm: it was just written; a cold start after a reboot reads it from disk). "API ready" runs from createEngine() (open with quick_check, migrations, reconciliation, age retention, wiring) to the answer of the first \`runs.list\` through the API dispatcher (it returns the newest 1,000 runs). The open and reconciliation figures time openDatabase() and reconcileOnStartup() alone on another fresh copy. Medians of ${TRIALS}.`,
    {
      apiReady: fig('createEngine → first `runs.list` answered (API ready): median', median(firstList), 'ms'),
      createEngine: fig('createEngine(): median', median(create), 'ms'),
      firstList: fig('first `runs.list` alone (1,000 runs): median', median(listOnly), 'ms'),
      open: fig('openDatabase() (quick_check + migrations): median', median(open), 'ms'),
      reconcile: fig(`reconciliation of ${reconciled} \`running\` runs: median`, median(reconcile), 'ms'),
      runs: fig('runs in the database', RUNS, 'runs', 0),
      events: fig('events in the database', generated.events, 'events', 0),
      listed: fig('runs `runs.list` returned', listed, 'runs', 0),
      size: fig('database size', sizeMiB, 'MiB', 0),
      generation: fig('time to generate the database (not part of the start)', generated.seconds, 's'),
    },
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
