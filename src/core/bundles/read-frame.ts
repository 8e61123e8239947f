import { z } from 'zod';
import { type ApiMethod, type WsRequest as WsRequestType, WsRequest, apiMethods, isApiMethod } from '../../shared/api';
import type { RunEvent } from '../../shared/records';
import { type BundleHead, eventBatchesOf } from './bundle-stream';
import { verifyRunBundle } from './verify-run-bundle';

/**
 * What reading one frame yields, as messages (the worker posts them; read in-process they are handed over the
 * same way): a request to dispatch, a frame to drop, a refusal to answer, or a verified run bundle as its head,
 * its events in batches, and an end.
 */
export type FrameMessage =
  | Readonly<{ type: 'request'; request: WsRequestType }>
  | Readonly<{ type: 'dropped' }>
  | Readonly<{ type: 'refused'; id: WsRequestType['id']; method: ApiMethod; message: string }>
  | Readonly<{ type: 'head'; id: WsRequestType['id']; head: BundleHead }>
  | Readonly<{ type: 'events'; events: ReadonlyArray<RunEvent> }>
  | Readonly<{ type: 'end' }>;

/**
 * Parses a frame `{id, method, params}` and checks its params; a `runs.import` bundle is verified (schema and
 * checksum) and handed over in pieces, so the side that stores it never holds the whole parsed bundle at once
 * and never parses it. Runs in a worker for large frames (`bundle-frame-worker.ts`).
 */
export function readFrame(frame: Uint8Array, post: (message: FrameMessage) => void): void {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString('utf8'));
  } catch {
    return post({ type: 'dropped' });
  }
  const envelope = WsRequest.safeParse(raw);
  if (!envelope.success) return post({ type: 'dropped' });
  const { id, method, params } = envelope.data;
  // An unknown method is answered without its params; only `runs.import` takes a large one.
  if (!isApiMethod(method)) return post({ type: 'request', request: { id, method, params: null } });
  const checked = apiMethods[method].params.safeParse(params ?? {});
  if (!checked.success) return post({ type: 'refused', id, method, message: `${method}: ${z.prettifyError(checked.error)}` });
  if (method !== 'runs.import') return post({ type: 'request', request: envelope.data });
  const verdict = verifyRunBundle((checked.data as { bundle: unknown }).bundle);
  if (!verdict.ok) return post({ type: 'refused', id, method, message: verdict.reason });
  const { events, ...head } = verdict.bundle;
  post({ type: 'head', id, head });
  for (const batch of eventBatchesOf(events)) post({ type: 'events', events: batch });
  post({ type: 'end' });
}
