// Scenario 6 (docs/PERFORMANCE.md): 10,000 text deltas/s into one run for 10 s. A fake runner connection in
// this process feeds the real supervisor, so the runner is not the bottleneck; a WebSocket client
// on its own thread measures how late each delta reaches a UI through the real HTTP server.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { ProcessExit, RunnerConnection, RunnerHost } from '../src/core/runner-host/runner-host';
import { startHttpServer } from '../src/core/serving/http-server';
import { PROTOCOL_VERSION, type SupervisorMessage } from '../src/shared/protocol';
import { createBenchEngine, isRunEnded } from './lib/engine';
import { REPO_ROOT, RENDERER_DIR } from './lib/paths';
import { fig, progress, record } from './lib/report';
import { max, median, percentile } from './lib/stats';

const RATE_PER_S = 10_000;
const DURATION_MS = 10_000;
/** The fake runner emits on a timer this often, catching up to RATE_PER_S each time. */
const TICK_MS = 2;
const CAPACITY = Math.ceil((RATE_PER_S * DURATION_MS) / 1000) + 1_000;
const FILLER = ['token', 'word', 'the', 'model', 'streams', 'a', 'reply'];

const emittedAt = new Float64Array(CAPACITY);
const receivedShared = new SharedArrayBuffer(CAPACITY * Float64Array.BYTES_PER_ELEMENT);
const receivedAt = new Float64Array(receivedShared);
let emitted = 0;
let emitStartedAt = 0;
let emitEndedAt = 0;
let commits = 0;
let commitsAtEmitStart = 0;
let commitsAtEmitEnd = 0;

const absoluteNow = (): number => performance.timeOrigin + performance.now();

/** A runner that is only a message source: `ready`, one iteration, then text deltas at RATE_PER_S until stopped. */
function fakeRunnerHost(): RunnerHost {
  return {
    start() {
      const listeners = new Set<(message: unknown) => void>();
      let resolveExit: (exit: ProcessExit) => void = () => {};
      const exited = new Promise<ProcessExit>((resolve) => (resolveExit = resolve));
      let timer: NodeJS.Timeout | null = null;
      const emit = (message: unknown): void => {
        for (const listener of listeners) listener(message);
      };
      const tick = (): void => {
        const due = Math.min(CAPACITY - 1, Math.floor(((performance.now() - emitStartedAt) * RATE_PER_S) / 1000));
        const at = absoluteNow();
        while (emitted < due && performance.now() - emitStartedAt < DURATION_MS) {
          emittedAt[emitted] = at;
          emit({ type: 'event', iteration: 1, kind: 'text', data: { text: `#${emitted}; ${FILLER[emitted % FILLER.length]} ` } });
          emitted += 1;
        }
        if (performance.now() - emitStartedAt < DURATION_MS) timer = setTimeout(tick, TICK_MS);
        else {
          emitEndedAt = performance.now();
          commitsAtEmitEnd = commits;
        }
      };
      const finish = (exit: ProcessExit): void => {
        if (timer) clearTimeout(timer);
        resolveExit(exit);
      };
      const connection: RunnerConnection = {
        pid: process.pid,
        send(message: SupervisorMessage) {
          if (message.type === 'init') {
            setImmediate(() => {
              emit({ type: 'ready', pid: process.pid, protocol: PROTOCOL_VERSION });
              emit({ type: 'iteration_started', iteration: 1, startedAt: new Date().toISOString() });
              emitStartedAt = performance.now();
              commitsAtEmitStart = commits;
              tick();
            });
          } else if (message.type === 'stop') {
            setImmediate(() => {
              emit({ type: 'exit', reason: message.reason, iterations: 0 });
              finish({ code: 0, signal: null, stderrTail: '' });
            });
          }
        },
        onMessage(listener) {
          listeners.add(listener);
          return () => void listeners.delete(listener);
        },
        kill(signal) {
          finish({ code: null, signal, stderrTail: '' });
        },
        exited,
        stderrTail: () => '',
      };
      return connection;
    },
  };
}

const engine = createBenchEngine({ host: fakeRunnerHost() });
// Count commits: the event writer publishes each committed batch's events together, in one
// synchronous burst, so a burst of `run.event` (ended by the next microtask) is one commit.
let inBurst = false;
engine.bus.subscribe((event) => {
  if (event.type !== 'run.event' || inBurst) return;
  inBurst = true;
  commits += 1;
  queueMicrotask(() => (inBurst = false));
});

const token = 'bench-token';
const server = await startHttpServer({ engine, host: '127.0.0.1', port: 0, token, approverCode: 'bench-approver', rendererDir: RENDERER_DIR, log: engine.log });
const worker = new Worker(join(REPO_ROOT, 'bench', 'lib', 'ws-receiver.mjs'), {
  workerData: { url: `ws://127.0.0.1:${server.port}/api?token=${token}`, received: receivedShared },
});
const workerMessage = (type: string): Promise<Record<string, number>> =>
  new Promise((resolve, reject) => {
    const listen = (message: { type: string; message?: string }): void => {
      if (message.type === 'error') reject(new Error(`WebSocket client: ${message.message}`));
      if (message.type !== type) return;
      worker.off('message', listen);
      resolve(message as unknown as Record<string, number>);
    };
    worker.on('message', listen);
  });

try {
  await workerMessage('open');
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  progress(`${RATE_PER_S} deltas/s for ${DURATION_MS / 1000} s`);
  const run = await engine.call('runs.start', { template: 'demo-counter', name: 'ingest', model: 'scripted/demo-counter' });
  loopDelay.enable();
  await new Promise((resolve) => setTimeout(resolve, DURATION_MS + 200));
  loopDelay.disable();
  // Let the last coalesced batch (250 ms) and its write (50 ms) reach the client.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const windowCommits = commitsAtEmitEnd - commitsAtEmitStart;
  const ended = engine.waitFor('ingest run ended', isRunEnded(run.id));
  await engine.call('runs.stop', { id: run.id });
  await ended;
  worker.postMessage({ type: 'close' });
  const stats = await workerMessage('stats');
  const rows = engine
    .database()
    .prepare("SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM events WHERE run_id = ? AND kind = 'text'")
    .get(run.id) as { n: number; bytes: number };
  const storedText = (engine.database().prepare("SELECT data FROM events WHERE run_id = ? AND kind = 'text' ORDER BY seq").pluck().all(run.id) as string[])
    .map((data) => String((JSON.parse(data) as { text?: string }).text ?? ''))
    .join('');
  const storedDeltas = [...storedText.matchAll(/#(\d+);/g)].length;
  const dbFile = join(engine.dataDir, 'autoloop.db');
  const size = (file: string): number => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  };
  const dbBytes = size(dbFile);
  const walBytes = size(`${dbFile}-wal`);
  const lags: number[] = [];
  let lost = 0;
  for (let n = 0; n < emitted; n += 1) {
    const arrived = receivedAt[n] as number;
    if (arrived === 0) lost += 1;
    else lags.push(arrived - (emittedAt[n] as number));
  }
  const seconds = (emitEndedAt - emitStartedAt) / 1000;
  record(
    'event-ingest',
    `An engine whose RunnerHost returns an in-process fake connection: after \`init\` it sends \`ready\`, \`iteration_started\` and then \`event\` text deltas (each about 12 characters, marked #n;) on a ${TICK_MS} ms timer, catching up to ${RATE_PER_S}/s, for ${DURATION_MS / 1000} s. The real supervisor validates each message, the delta coalescer batches them (250 ms or 16 KiB per run) and the event writer commits (50 ms or 500 events per transaction) to SQLite in a temp folder (WAL, synchronous NORMAL). Commits are counted as bursts of published \`run.event\`s: the event writer publishes each committed batch together, after the commit; the engine makes no other writes during the window. The real HTTP server (src/core/serving/http-server.ts, port 0) pushes each committed event to a \`ws\` client with the token, running on a worker thread; it stamps the arrival of every delta inside the coalesced \`run.event\`, and lag is arrival minus emit (one clock: performance.timeOrigin + now). IPC between processes is not part of this figure (scenario 3 has real runners).`,
    {
      emittedRate: fig('deltas emitted', emitted / seconds, 'deltas/s', 0),
      commitsPerSecond: fig('DB commits while emitting', windowCommits / seconds, 'commits/s'),
      rowsPerSecond: fig('event rows inserted', rows.n / seconds, 'rows/s'),
      rowsPerCommit: fig('event rows per commit', rows.n / Math.max(1, commits - commitsAtEmitStart), 'rows/commit', 2),
      deltasPerRow: fig('deltas per stored row (coalescing)', storedDeltas / Math.max(1, rows.n), 'deltas/row', 0),
      stored: fig('deltas stored (of all emitted)', `${storedDeltas} of ${emitted}`, 'deltas'),
      lagP50: fig('emit → WebSocket client: p50', median(lags), 'ms'),
      lagP95: fig('emit → WebSocket client: p95', percentile(lags, 0.95), 'ms'),
      lagP99: fig('emit → WebSocket client: p99', percentile(lags, 0.99), 'ms'),
      lagMax: fig('emit → WebSocket client: max', max(lags), 'ms'),
      notReceived: fig('deltas the client never received', lost, 'deltas', 0),
      frames: fig('WebSocket frames received (all kinds)', stats.frames ?? 0, 'frames', 0),
      loopDelayP99: fig('engine event-loop delay during ingest: p99', loopDelay.percentile(99) / 1e6, 'ms'),
      textBytes: fig('stored text event data', rows.bytes / 1024, 'KiB', 0),
      dbSize: fig('database size at the end (autoloop.db + WAL)', (dbBytes + walBytes) / 1024, 'KiB', 0),
    },
  );
} finally {
  await worker.terminate();
  await server.close();
  await engine.dispose();
}
