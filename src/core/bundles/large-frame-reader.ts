import { Worker } from 'node:worker_threads';
import type { ApiMethod, WsRequest } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import type { Logger } from '../logger';
import { createBatchQueue, streamedBundle } from './bundle-stream';
import { type FrameMessage, readFrame } from './read-frame';

/** Frames from this size on are read off the event loop: parsing 64 MiB takes about half a second. */
export const LARGE_FRAME_BYTES = 1024 * 1024;

/** What the socket does with a frame: dispatch a request, drop the frame, or answer a refusal. */
export type FrameOutcome =
  | Readonly<{ kind: 'request'; request: WsRequest }>
  | Readonly<{ kind: 'dropped' }>
  | Readonly<{ kind: 'refused'; id: WsRequest['id']; method: ApiMethod; message: string }>;

/** Reads a large frame; a `runs.import` comes back as a request whose bundle streams in while it is stored. */
export type LargeFrameReader = (frame: Buffer) => Promise<FrameOutcome>;

/**
 * Reads large frames in a worker thread (`workerEntry`, the built bundle-frame-worker.js), one worker per frame,
 * so parsing and verifying a run bundle never blocks other API calls; its events reach the importer in batches as
 * the worker posts them. Without a worker entry (tests without a build) the same reading runs in-process.
 */
export function createLargeFrameReader(workerEntry: string | null, log: Logger): LargeFrameReader {
  return (frame) =>
    new Promise<FrameOutcome>((resolve) => {
      const receive = receiver(resolve);
      if (workerEntry === null) {
        readFrame(frame, receive.message);
        return;
      }
      let worker: Worker;
      try {
        worker = new Worker(workerEntry, { workerData: frame });
      } catch (error) {
        log.warn(`could not start the worker that reads large frames (${messageOf(error)}); reading this one in-process`);
        readFrame(frame, receive.message);
        return;
      }
      worker.on('message', (message: FrameMessage) => receive.message(message));
      worker.on('error', (error) => {
        log.error('the worker reading a large frame failed', error);
        receive.broken(error);
      });
      worker.on('exit', (code) => receive.broken(new Error(`the worker reading the frame stopped (exit code ${code}) before it finished`)));
    });
}

/** Turns the messages of one frame into its outcome and, for a bundle, the queue its events stream through. */
function receiver(resolve: (outcome: FrameOutcome) => void) {
  let queue: ReturnType<typeof createBatchQueue> | null = null;
  let ended = false;
  return {
    message(message: FrameMessage): void {
      switch (message.type) {
        case 'request':
        case 'dropped':
          return resolve(message.type === 'request' ? { kind: 'request', request: message.request } : { kind: 'dropped' });
        case 'refused':
          return resolve({ kind: 'refused', id: message.id, method: message.method, message: message.message });
        case 'head':
          queue = createBatchQueue();
          return resolve({
            kind: 'request',
            request: { id: message.id, method: 'runs.import', params: { bundle: streamedBundle(message.head, queue.batches) } },
          });
        case 'events':
          return queue?.push(message.events);
        case 'end':
          ended = true;
          return queue?.end();
      }
    },
    /** The worker stopped: an import it was streaming fails (and is removed); a frame it never answered is dropped. */
    broken(error: Error): void {
      if (!ended) queue?.fail(error);
      resolve({ kind: 'dropped' });
    },
  };
}
