// Scenario 1 (docs/PERFORMANCE.md): how long a fresh runner process takes from fork to `ready`, with and
// without NODE_EXTRA_CA_CERTS in its environment.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeRunnerHost } from '../src/core/runner-host/node-runner-host';
import { type InitMessage, PROTOCOL_VERSION } from '../src/shared/protocol';
import { DEFAULT_LOOP_OPTIONS, DEFAULT_PERMISSIONS } from '../src/shared/records';
import { reportingIteration } from './lib/engine';
import { RUNNER_ENTRY } from './lib/paths';
import { NODE_EXTRA_CA_CERTS_SET, fig, progress, record } from './lib/report';
import { median, min, percentile } from './lib/stats';

const N = 30;
const WARMUP = 2;
const BARE_NODE_N = 10;

const folder = mkdtempSync(join(tmpdir(), 'autoloop-bench-spawn-'));
const workdir = join(folder, 'work');
const outputDir = join(folder, 'output');
mkdirSync(workdir);
mkdirSync(outputDir);
const scriptPath = join(folder, 'script.json');
writeFileSync(scriptPath, JSON.stringify({ responses: reportingIteration('spawn bench'), whenExhausted: 'loop' }));
const host = createNodeRunnerHost({ runnerEntry: RUNNER_ENTRY });
const caCerts = process.env.NODE_EXTRA_CA_CERTS;

function initFor(runId: string): InitMessage {
  return {
    type: 'init',
    protocol: PROTOCOL_VERSION,
    runId,
    name: runId,
    template: { text: 'Count one number per iteration.', revision: 'bench' },
    params: {},
    workdir,
    outputDir,
    // What the supervisor's resolveModel makes of `scripted/<path>` (the protocol's ModelSpec).
    model: { provider: 'scripted', id: scriptPath, options: {} },
    secrets: {},
    limits: {},
    permissions: DEFAULT_PERMISSIONS,
    loop: { ...DEFAULT_LOOP_OPTIONS, intervalMs: 600_000 },
  };
}

/** Forks the runner bundle, sends `init`, and returns ms until `ready`; then stops the runner and waits for it to exit. */
async function spawnToReady(runId: string, withCaCerts: boolean): Promise<number> {
  if (withCaCerts && caCerts !== undefined) process.env.NODE_EXTRA_CA_CERTS = caCerts;
  else delete process.env.NODE_EXTRA_CA_CERTS;
  const started = performance.now();
  const connection = host.start(runId);
  const readyAt = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runner ${runId} sent no ready within 10 s: ${connection.stderrTail()}`)), 10_000);
    connection.onMessage((message) => {
      if ((message as { type?: string }).type !== 'ready') return;
      clearTimeout(timer);
      resolve(performance.now());
    });
  });
  connection.send(initFor(runId));
  const ready = await readyAt;
  connection.send({ type: 'stop', reason: 'user_stop' });
  const exit = await connection.exited;
  if (exit.code !== 0) throw new Error(`runner ${runId} exited with ${exit.code ?? exit.signal}: ${exit.stderrTail}`);
  return ready - started;
}

/** A bare `node -e 0` start to exit, as a baseline for what Node itself costs here. */
function bareNode(withCaCerts: boolean): Promise<number> {
  const env = { ...process.env };
  if (withCaCerts && caCerts !== undefined) env.NODE_EXTRA_CA_CERTS = caCerts;
  else delete env.NODE_EXTRA_CA_CERTS;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - started));
  });
}

try {
  progress(`warming up (${WARMUP} spawns, not counted)`);
  for (let i = 0; i < WARMUP; i += 1) await spawnToReady(`warmup-${i}`, true);
  const withCa: number[] = [];
  const withoutCa: number[] = [];
  progress(`${N} spawns each with and without NODE_EXTRA_CA_CERTS, interleaved`);
  for (let i = 0; i < N; i += 1) {
    withCa.push(await spawnToReady(`with-${i}`, true));
    withoutCa.push(await spawnToReady(`without-${i}`, false));
  }
  const bareWith: number[] = [];
  const bareWithout: number[] = [];
  for (let i = 0; i < BARE_NODE_N; i += 1) {
    bareWith.push(await bareNode(true));
    bareWithout.push(await bareNode(false));
  }
  const figures = {
    withMedian: fig('spawn→ready, NODE_EXTRA_CA_CERTS as set here (it adds ~50 ms to every Node start here): median', median(withCa), 'ms'),
    withP95: fig('spawn→ready, NODE_EXTRA_CA_CERTS as set here: p95', percentile(withCa, 0.95), 'ms'),
    withMin: fig('spawn→ready, NODE_EXTRA_CA_CERTS as set here: min', min(withCa), 'ms'),
    withoutMedian: fig('spawn→ready, NODE_EXTRA_CA_CERTS removed: median', median(withoutCa), 'ms'),
    withoutP95: fig('spawn→ready, NODE_EXTRA_CA_CERTS removed: p95', percentile(withoutCa, 0.95), 'ms'),
    withoutMin: fig('spawn→ready, NODE_EXTRA_CA_CERTS removed: min', min(withoutCa), 'ms'),
    caCost: fig('NODE_EXTRA_CA_CERTS cost per runner start (difference of medians)', median(withCa) - median(withoutCa), 'ms'),
    bareWith: fig('bare `node -e 0` start→exit with NODE_EXTRA_CA_CERTS: median', median(bareWith), 'ms'),
    bareWithout: fig('bare `node -e 0` start→exit without it: median', median(bareWithout), 'ms'),
    n: fig('spawns per pass', N, 'runs', 0),
  };
  record(
    'spawn-to-ready',
    `NodeRunnerHost.start() forks out/main/runner.js (child_process.fork, advanced serialization, own process group); the clock runs from start() to the runner's \`ready\` after \`init\` (scripted model). ${N} spawns per pass after ${WARMUP} uncounted warm-ups, the two passes interleaved; the second pass deletes NODE_EXTRA_CA_CERTS from process.env, which runnerEnvironment() copies into the child. Each runner is stopped with \`stop\` and waited for before the next. Baseline: ${BARE_NODE_N} bare \`node -e 0\` starts per setting. Percentiles are nearest-rank.`,
    figures,
    [
      NODE_EXTRA_CA_CERTS_SET
        ? `NODE_EXTRA_CA_CERTS is set in this environment (${caCerts}): it adds about 50 ms to every Node start here (Node loads and parses the whole CA bundle at startup), so to every runner start and restart; measured this time: ${(median(withCa) - median(withoutCa)).toFixed(0)} ms per runner, ${(median(bareWith) - median(bareWithout)).toFixed(0)} ms per bare Node start.`
        : 'NODE_EXTRA_CA_CERTS is not set in this environment, so both passes ran without it (where it is set, it adds about 50 ms to every Node start).',
    ],
  );
} finally {
  if (caCerts !== undefined) process.env.NODE_EXTRA_CA_CERTS = caCerts;
  rmSync(folder, { recursive: true, force: true });
}
