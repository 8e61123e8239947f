import { z } from 'zod';
import { ApiError, type ApiResponse } from './api';

/** What one frame from the server is: the answer to call `id`, a pushed event, or something broken. */
export type ServerFrame = Readonly<
  { kind: 'answer'; id: number; response: ApiResponse<unknown> } | { kind: 'event'; event: unknown } | { kind: 'malformed'; id: number | null; problem: string }
>;

const PREVIEW_CHARS = 200;

function preview(text: string): string {
  return text.length <= PREVIEW_CHARS ? text : `${text.slice(0, PREVIEW_CHARS)}…`;
}

/**
 * Reads one WebSocket frame of the API (`{id, result}`, `{id, error}` or `{event}`). A frame that
 * names a call but breaks the contract is `malformed` with that id, so the call fails at once
 * instead of waiting for its timeout; one that names no call is `malformed` with no id.
 */
export function readServerFrame(data: unknown): ServerFrame {
  if (typeof data !== 'string') return { kind: 'malformed', id: null, problem: 'a frame that is not text' };
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return { kind: 'malformed', id: null, problem: `a frame that is not JSON: ${preview(data)}` };
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame))
    return { kind: 'malformed', id: null, problem: `a frame that is not an object: ${preview(data)}` };
  if (!('id' in frame)) {
    return 'event' in frame
      ? { kind: 'event', event: frame.event }
      : { kind: 'malformed', id: null, problem: `a frame with neither an id nor an event: ${preview(data)}` };
  }
  const { id } = frame;
  if (typeof id !== 'number' || !Number.isSafeInteger(id))
    return { kind: 'malformed', id: null, problem: `a frame whose id is not a whole number: ${preview(data)}` };
  if ('error' in frame) {
    const error = ApiError.safeParse(frame.error);
    if (!error.success) return { kind: 'malformed', id, problem: `an error that is not an API error: ${z.prettifyError(error.error)}` };
    return { kind: 'answer', id, response: { ok: false, error: error.data } };
  }
  return { kind: 'answer', id, response: { ok: true, value: 'result' in frame ? frame.result : undefined } };
}
