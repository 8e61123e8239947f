import { parentPort, workerData } from 'node:worker_threads';
import { readFrame } from './read-frame';

// The entry of the worker that reads a large API frame (a run bundle) off the engine's event loop: it gets the
// frame's bytes as workerData, posts what `readFrame` yields, and ends.
if (parentPort === null || !(workerData instanceof Uint8Array)) throw new Error('bundle-frame-worker runs as a worker thread with a frame as workerData');
const port = parentPort;
readFrame(workerData, (message) => port.postMessage(message));
