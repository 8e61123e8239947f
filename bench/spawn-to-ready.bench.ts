// Scenario 1 (docs/PERFORMANCE.md): how long a fresh runner process takes from fork to `ready`,
// with and without NODE_EXTRA_CA_CERTS in its environment, with and without the compile cache, and
// with a real provider (openai-compatible, against the local fake server) until its first request.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeRunnerHost } from '../src/core/runner-host/node-runner-host';
import { compileCacheDirOf } from '../src/core/runner-host/runner-host';
import { keepingASpare } from '../src/core/runner-host/spare-runner';
import { type InitMessage, type ModelSpec, PROTOCOL_VERSION } from '../src/shared/protocol';
import { DEFAULT_LOOP_OPTIONS, DEFAULT_PERMISSIONS } from '../src/shared/records';
import { mainThreadCpuMs, reportingIteration } from './lib/engine';
import { localModelSpec, startReportingServer } from './lib/openai-compatible';
import { BASELINE_RUNNER_ENTRY, BASELINE_V8_FLAGS, RUNNER_ENTRY } from './lib/paths';
import { NODE_EXTRA_CA_CERTS_SET, fig, progress, record } from './lib/report';
import { median, min, percentile } from './lib/stats';

/** Spawns per pass: six passes must fit the 5-minute scenario limit on a busy machine. */
const N = 20;
const WARMUP = 2;
const BARE_NODE_N = 10;

const folder = mkdtempSync(join(tmpdir(), 'autoloop-bench-spawn-'));
const workdir = join(folder, 'work');
const outputDir = join(folder, 'output');
mkdirSync(workdir);
mkdirSync(outputDir);
const scriptPath = join(folder, 'script.json');
writeFileSync(scriptPath, JSON.stringify({ responses: reportingIteration('spawn bench'), whenExhausted: 'loop' }));
// As the shells start runners: with the compile cache in the data folder (here the temp folder).
const host = createNodeRunnerHost({ runnerEntry: RUNNER_ENTRY, compileCacheDir: compileCacheDirOf(folder) });
const uncachedHost = createNodeRunnerHost({ runnerEntry: RUNNER_ENTRY });
// As `autoloop serve` and the desktop app keep one: a spare started (and loaded) before the sample's clock starts;
// the bench starts each next spare itself (a long refill delay), after the previous sample.
const spareHost = keepingASpare(createNodeRunnerHost({ runnerEntry: RUNNER_ENTRY, compileCacheDir: compileCacheDirOf(folder) }), { refillDelayMs: 3_600_000 });
const baselineHost = BASELINE_RUNNER_ENTRY ? createNodeRunnerHost({ runnerEntry: BASELINE_RUNNER_ENTRY, v8Flags: BASELINE_V8_FLAGS }) : null;
const caCerts = process.env.NODE_EXTRA_CA_CERTS;
const server = await startReportingServer('spawn bench');
const scripted: ModelSpec = { provider: 'scripted', id: scriptPath, options: {} };
const openAiCompatible = localModelSpec(server.baseUrl);

type Pass = Readonly<{ name: string; model: ModelSpec; caCerts: boolean; cache: boolean; baseline?: boolean; spare?: boolean }>;
const PASSES: ReadonlyArray<Pass> = [
  { name: 'scripted', model: scripted, caCerts: true, cache: true },
  { name: 'scripted, no CA', model: scripted, caCerts: false, cache: true },
  { name: 'scripted, no cache', model: scripted, caCerts: true, cache: false },
  { name: 'openai-compatible', model: openAiCompatible, caCerts: true, cache: true },
  { name: 'scripted, spare', model: scripted, caCerts: true, cache: true, spare: true },
  { name: 'openai-compatible, spare', model: openAiCompatible, caCerts: true, cache: true, spare: true },
  ...(baselineHost
    ? [
        { name: 'baseline scripted', model: scripted, caCerts: true, cache: false, baseline: true },
        { name: 'baseline openai-compatible', model: openAiCompatible, caCerts: true, cache: false, baseline: true },
      ]
    : []),
];

function initFor(runId: string, model: ModelSpec): InitMessage {
  return {
    type: 'init',
    protocol: PROTOCOL_VERSION,
    runId,
    name: runId,
    template: { text: 'Count one number per iteration.', revision: 'bench' },
    params: {},
    workdir,
    outputDir,
    // What the supervisor's resolveModel makes of `scripted/<path>` or `local/test-model`.
    model,
    secrets: {},
    limits: {},
    permissions: DEFAULT_PERMISSIONS,
    loop: { ...DEFAULT_LOOP_OPTIONS, intervalMs: 600_000 },
  };
}

/** The messages of what a runner sent: one message, or a batch of them (an array). */
const messagesOf = (raw: unknown): unknown[] => (Array.isArray(raw) ? raw : [raw]);

type Sample = Readonly<{ ready: number; firstRequest: number; cpuAtReady: number; cpuAtFirstRequest: number }>;

/**
 * Forks the runner bundle, sends `init`, and measures ms until `ready` and, for an HTTP provider,
 * until its first chat request reaches the server; then stops the runner and waits for it to exit.
 */
async function spawnToReady(runId: string, pass: Pass): Promise<Sample> {
  if (pass.caCerts && caCerts !== undefined) process.env.NODE_EXTRA_CA_CERTS = caCerts;
  else delete process.env.NODE_EXTRA_CA_CERTS;
  if (pass.spare) {
    spareHost.warm();
    if (!(await spareHost.whenWarm())) throw new Error('bench: the spare runner ended before it was warm');
  }
  const requestsBefore = server.calls.length;
  const started = performance.now();
  const connection = (pass.spare ? spareHost : pass.baseline ? (baselineHost ?? host) : pass.cache ? host : uncachedHost).start(runId);
  let cpuAtReady = Number.NaN;
  const readyAt = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runner ${runId} sent no ready within 10 s: ${connection.stderrTail()}`)), 10_000);
    connection.onMessage((raw) => {
      // A runner sends what it says in one event-loop turn as an array (src/runner/batched-channel.ts).
      if (!messagesOf(raw).some((message) => (message as { type?: string }).type === 'ready')) return;
      const at = performance.now();
      cpuAtReady = mainThreadCpuMs(connection.pid);
      clearTimeout(timer);
      resolve(at);
    });
  });
  const said: string[] = [];
  connection.onMessage((raw) => {
    for (const message of messagesOf(raw)) {
      said.push(JSON.stringify(message).slice(0, 300));
      // Play the supervisor's budget gate: every iteration may go.
      const gate = message as { type?: string; iteration?: number };
      if (gate.type === 'gate' && gate.iteration !== undefined)
        connection.send({ type: 'gate_result', iteration: gate.iteration, decision: 'go', remaining: {} });
    }
  });
  connection.send(initFor(runId, pass.model));
  const ready = await readyAt;
  let firstRequest = Number.NaN;
  let cpuAtFirstRequest = Number.NaN;
  if (pass.model.provider !== 'scripted') {
    await waitFor(
      `the first chat request of ${runId}`,
      () => server.calls.length > requestsBefore,
      () => [...said, connection.stderrTail()].join('\n'),
    );
    cpuAtFirstRequest = mainThreadCpuMs(connection.pid);
    firstRequest = (server.calls[requestsBefore]?.at ?? Number.NaN) - started;
  }
  connection.send({ type: 'stop', reason: 'user_stop' });
  const exit = await connection.exited;
  if (exit.code !== 0) throw new Error(`runner ${runId} exited with ${exit.code ?? exit.signal}: ${exit.stderrTail}`);
  return { ready: ready - started, firstRequest, cpuAtReady, cpuAtFirstRequest };
}

/** Polls `condition` every millisecond for up to 10 s; the error ends with `detail()`. */
async function waitFor(what: string, condition: () => boolean, detail: () => string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`bench: no ${what} within 10 s:\n${detail()}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
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
  progress(`warming up (${WARMUP} spawns per pass, not counted; the first fills the compile cache)`);
  for (const pass of PASSES) for (let i = 0; i < WARMUP; i += 1) await spawnToReady(`warmup-${i}`, pass);
  const samples = new Map<string, Sample[]>(PASSES.map((pass) => [pass.name, []]));
  progress(`${N} spawns in each of ${PASSES.length} passes (${PASSES.map((pass) => pass.name).join('; ')}), interleaved`);
  for (let i = 0; i < N; i += 1) {
    for (const pass of PASSES) samples.get(pass.name)?.push(await spawnToReady(`${pass.name.replace(/\W+/g, '-')}-${i}`, pass));
  }
  const ready = (name: string): number[] => (samples.get(name) ?? []).map((sample) => sample.ready);
  const firstRequest = (name: string): number[] => (samples.get(name) ?? []).map((sample) => sample.firstRequest);
  const cpu = (name: string, key: 'cpuAtReady' | 'cpuAtFirstRequest'): number[] => (samples.get(name) ?? []).map((sample) => sample[key]);
  const withCa = ready('scripted');
  const withoutCa = ready('scripted, no CA');
  const bareWith: number[] = [];
  const bareWithout: number[] = [];
  for (let i = 0; i < BARE_NODE_N; i += 1) {
    bareWith.push(await bareNode(true));
    bareWithout.push(await bareNode(false));
  }
  const figures = {
    withMedian: fig('spawn→ready, NODE_EXTRA_CA_CERTS as set here: median', median(withCa), 'ms'),
    withP95: fig('spawn→ready, NODE_EXTRA_CA_CERTS as set here: p95', percentile(withCa, 0.95), 'ms'),
    withMin: fig('spawn→ready, NODE_EXTRA_CA_CERTS as set here: min', min(withCa), 'ms'),
    withoutMedian: fig('spawn→ready, NODE_EXTRA_CA_CERTS removed: median', median(withoutCa), 'ms'),
    withoutP95: fig('spawn→ready, NODE_EXTRA_CA_CERTS removed: p95', percentile(withoutCa, 0.95), 'ms'),
    withoutMin: fig('spawn→ready, NODE_EXTRA_CA_CERTS removed: min', min(withoutCa), 'ms'),
    caCost: fig('NODE_EXTRA_CA_CERTS cost per runner start (difference of medians)', median(withCa) - median(withoutCa), 'ms'),
    noCacheMedian: fig('spawn→ready without the compile cache, NODE_EXTRA_CA_CERTS as set here: median', median(ready('scripted, no cache')), 'ms'),
    oaiReadyMedian: fig('openai-compatible: spawn→ready, NODE_EXTRA_CA_CERTS as set here: median', median(ready('openai-compatible')), 'ms'),
    spareReadyMedian: fig('spare runner (loaded, waiting): start()→ready, scripted: median', median(ready('scripted, spare')), 'ms'),
    spareReadyP95: fig('spare runner: start()→ready, scripted: p95', percentile(ready('scripted, spare'), 0.95), 'ms'),
    spareOaiFirstRequestMedian: fig(
      'spare runner: openai-compatible: start()→first chat request at the local server: median',
      median(firstRequest('openai-compatible, spare')),
      'ms',
    ),
    oaiFirstRequestMedian: fig(
      'openai-compatible: spawn→first chat request at the local server, NODE_EXTRA_CA_CERTS as set here: median',
      median(firstRequest('openai-compatible')),
      'ms',
    ),
    oaiFirstRequestP95: fig(
      'openai-compatible: spawn→first chat request, NODE_EXTRA_CA_CERTS as set here: p95',
      percentile(firstRequest('openai-compatible'), 0.95),
      'ms',
    ),
    cpuReadyMedian: fig('runner main-thread CPU until ready (scripted): median', median(cpu('scripted', 'cpuAtReady')), 'ms'),
    oaiCpuFirstRequestMedian: fig(
      'openai-compatible: runner main-thread CPU until the first chat request: median',
      median(cpu('openai-compatible', 'cpuAtFirstRequest')),
      'ms',
    ),
    ...(baselineHost
      ? {
          baselineCpuReadyMedian: fig('baseline runner: main-thread CPU until ready (scripted): median', median(cpu('baseline scripted', 'cpuAtReady')), 'ms'),
          baselineOaiCpuFirstRequestMedian: fig(
            'baseline runner: openai-compatible: main-thread CPU until the first chat request: median',
            median(cpu('baseline openai-compatible', 'cpuAtFirstRequest')),
            'ms',
          ),
          baselineMedian: fig(
            'baseline runner (AUTOLOOP_BENCH_BASELINE): spawn→ready, NODE_EXTRA_CA_CERTS as set here: median',
            median(ready('baseline scripted')),
            'ms',
          ),
          baselineOaiReadyMedian: fig('baseline runner: openai-compatible: spawn→ready: median', median(ready('baseline openai-compatible')), 'ms'),
          baselineOaiFirstRequestMedian: fig(
            'baseline runner: openai-compatible: spawn→first chat request: median',
            median(firstRequest('baseline openai-compatible')),
            'ms',
          ),
        }
      : {}),
    bareWith: fig('bare `node -e 0` start→exit with NODE_EXTRA_CA_CERTS: median', median(bareWith), 'ms'),
    bareWithout: fig('bare `node -e 0` start→exit without it: median', median(bareWithout), 'ms'),
    n: fig('spawns per pass', N, 'runs', 0),
  };
  record(
    'spawn-to-ready',
    `NodeRunnerHost.start() forks out/main/runner.js (child_process.fork, advanced serialization, own process group, the V8 flags of RUNNER_V8_FLAGS) with the compile cache in the (temp) data folder as the shells do; the clock runs from start() to the runner's \`ready\` after \`init\`, and for the openai-compatible passes on to the moment the runner's first chat request has reached the local fake OpenAI-compatible server (src/core/providers/testing/fake-openai-server.ts, in this process): the provider chunk loaded, the model created, the first model call sent. Passes: ${PASSES.map((pass) => pass.name).join('; ')}, ${N} spawns each after ${WARMUP} uncounted warm-ups per pass (the first fills the cache), interleaved; \`no CA\` deletes NODE_EXTRA_CA_CERTS from process.env, which runnerEnvironment() copies into the child; \`no cache\` starts the runner without the compile-cache argument; \`spare\` passes take a spare runner (\`keepingASpare\`, as \`autoloop serve\` and the desktop app keep one) that was started and had loaded the runner before the clock started, so they measure what a run waits for when a spare is there, not a process start; \`baseline\` passes (only with AUTOLOOP_BENCH_BASELINE) start an earlier build's runner, without a compile cache, with NODE_EXTRA_CA_CERTS as set. Main-thread CPU is read from /proc/<pid>/schedstat when \`ready\` (or the first request) arrives: unlike wall time, the machine's load barely stretches it. Each runner is stopped with \`stop\` and waited for before the next. Baseline: ${BARE_NODE_N} bare \`node -e 0\` starts per setting. Percentiles are nearest-rank.`,
    figures,
    [
      NODE_EXTRA_CA_CERTS_SET
        ? `NODE_EXTRA_CA_CERTS is set in this environment (${caCerts}). Node 20 read the whole bundle at every start (~40–50 ms here, so at every runner start and restart); Node 24 reads it only when \`tls\` is first loaded (off the main thread), so a runner pays it at its first HTTPS connection, not at its start. Measured this time: ${(median(withCa) - median(withoutCa)).toFixed(0)} ms per runner start, ${(median(bareWith) - median(bareWithout)).toFixed(0)} ms per bare Node start (differences of medians; noise when near zero).`
        : 'NODE_EXTRA_CA_CERTS is not set in this environment, so every pass ran without it.',
    ],
  );
} finally {
  if (caCerts !== undefined) process.env.NODE_EXTRA_CA_CERTS = caCerts;
  await spareHost.close();
  await server.close();
  rmSync(folder, { recursive: true, force: true });
}
