// A WebSocket client on its own thread for bench/event-ingest.bench.ts: it stamps when each text
// delta (marked `#<n>;` in its text) arrives inside a coalesced `run.event`, into shared memory.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const { url, received } = workerData;
const arrivals = new Float64Array(received);
const MARKER = /#(\d+);/g;
let frames = 0;
let textEvents = 0;
let bytes = 0;

const socket = new WebSocket(url);
socket.on('open', () => parentPort.postMessage({ type: 'open' }));
socket.on('error', (error) => parentPort.postMessage({ type: 'error', message: error.message }));
socket.on('message', (data) => {
  const at = performance.timeOrigin + performance.now();
  frames += 1;
  bytes += data.length;
  const frame = JSON.parse(String(data));
  const event = frame.event;
  if (event?.type !== 'run.event' || event.event.kind !== 'text') return;
  textEvents += 1;
  for (const match of String(event.event.data.text ?? '').matchAll(MARKER)) {
    const n = Number(match[1]);
    if (n < arrivals.length && arrivals[n] === 0) arrivals[n] = at;
  }
});
parentPort.on('message', (message) => {
  if (message.type !== 'close') return;
  socket.close();
  parentPort.postMessage({ type: 'stats', frames, textEvents, bytes });
});
