import type { RunBundle } from '../../shared/bundle';
import type { RunEvent } from '../../shared/records';

/** How many events an import writes per transaction before it lets other work run. */
export const IMPORT_EVENT_BATCH = 1_000;

/** A verified bundle without its events: what an import writes first, behind a hidden row. */
export type BundleHead = Omit<RunBundle, 'events'>;

const STREAMED = Symbol('a verified run bundle, arriving in pieces');

/**
 * A verified bundle arriving in pieces: its head, then its events in `seq` order, a batch at a time. Made only by
 * the engine (a worker that parsed and verified a large frame, or `streamOfBundle`); JSON can never spell one, so
 * `runs.import` may take it as already verified.
 */
export type StreamedBundle = Readonly<{ [STREAMED]: true; head: BundleHead; eventBatches: AsyncIterable<ReadonlyArray<RunEvent>> }>;

/** Whether `runs.import` was handed a bundle the engine itself verified and streams. */
export function isStreamedBundle(value: unknown): value is StreamedBundle {
  return typeof value === 'object' && value !== null && (value as Partial<StreamedBundle>)[STREAMED] === true;
}

/** A streamed bundle from its head and its events (already in `seq` order). */
export function streamedBundle(head: BundleHead, eventBatches: AsyncIterable<ReadonlyArray<RunEvent>>): StreamedBundle {
  return { [STREAMED]: true, head, eventBatches };
}

/** A bundle's events in `seq` order, in batches of `IMPORT_EVENT_BATCH`. Pure. */
export function eventBatchesOf(events: ReadonlyArray<RunEvent>): ReadonlyArray<ReadonlyArray<RunEvent>> {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const batches: RunEvent[][] = [];
  for (let start = 0; start < sorted.length; start += IMPORT_EVENT_BATCH) batches.push(sorted.slice(start, start + IMPORT_EVENT_BATCH));
  return batches;
}

/** A verified bundle already in memory, as a stream (the API called in-process, a small frame). */
export function streamOfBundle(bundle: RunBundle): StreamedBundle {
  const { events, ...head } = bundle;
  const batches = eventBatchesOf(events);
  return streamedBundle(
    head,
    (async function* () {
      yield* batches;
    })(),
  );
}

/**
 * An async queue of event batches fed by messages (from the worker that parses a frame): `push` a batch, `end`
 * after the last, or `fail` when the source broke; the importer reads it with `for await`.
 */
export function createBatchQueue(): Readonly<{
  batches: AsyncIterable<ReadonlyArray<RunEvent>>;
  push(batch: ReadonlyArray<RunEvent>): void;
  end(): void;
  fail(error: Error): void;
}> {
  const queued: Array<ReadonlyArray<RunEvent>> = [];
  let finished = false;
  const broken: { error: Error | null } = { error: null };
  let wake: (() => void) | null = null;
  const notify = (): void => {
    wake?.();
    wake = null;
  };
  return {
    batches: (async function* () {
      for (;;) {
        const next = queued.shift();
        if (next !== undefined) yield next;
        else if (broken.error !== null) throw broken.error;
        else if (finished) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    })(),
    push(batch) {
      queued.push(batch);
      notify();
    },
    end() {
      finished = true;
      notify();
    },
    fail(error) {
      broken.error ??= error;
      notify();
    },
  };
}
