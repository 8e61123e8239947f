import type { NewEvent } from '../store/runs-repository';

export const DELTA_FLUSH_MS = 250;
export const DELTA_FLUSH_BYTES = 16 * 1024;

export type DeltaCoalescer = Readonly<{
  push(event: NewEvent): void;
  /** Writes what is buffered for the run now, e.g. before an iteration is recorded as done. */
  flush(runId: string): void;
  flushAll(): void;
}>;

const isDelta = (event: NewEvent): boolean => event.kind === 'text' || event.kind === 'reasoning';

/**
 * Coalesces text deltas per run: flush every 250 ms or 16 KiB, whichever comes first (DESIGN §9).
 * Any other event flushes the run's buffer first, so the log keeps its order.
 */
export function createDeltaCoalescer(write: (events: NewEvent[]) => void, options: Readonly<{ flushMs?: number; maxChars?: number }> = {}): DeltaCoalescer {
  const flushMs = options.flushMs ?? DELTA_FLUSH_MS;
  const maxChars = options.maxChars ?? DELTA_FLUSH_BYTES;
  const buffers = new Map<string, { event: NewEvent; text: string; timer: NodeJS.Timeout }>();

  const flush = (runId: string): void => {
    const buffer = buffers.get(runId);
    if (!buffer) return;
    clearTimeout(buffer.timer);
    buffers.delete(runId);
    write([{ ...buffer.event, data: { ...buffer.event.data, text: buffer.text } }]);
  };

  return {
    push(event) {
      const buffer = buffers.get(event.runId);
      if (!isDelta(event)) {
        flush(event.runId);
        write([event]);
        return;
      }
      const text = typeof event.data.text === 'string' ? event.data.text : '';
      if (buffer && buffer.event.kind === event.kind && buffer.event.iteration === event.iteration) {
        buffer.text += text;
      } else {
        flush(event.runId);
        buffers.set(event.runId, { event, text, timer: setTimeout(() => flush(event.runId), flushMs) });
      }
      if ((buffers.get(event.runId)?.text.length ?? 0) >= maxChars) flush(event.runId);
    },
    flush,
    flushAll() {
      for (const runId of [...buffers.keys()]) flush(runId);
    },
  };
}
