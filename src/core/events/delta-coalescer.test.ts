import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NewEvent } from '../store/runs-repository';
import { createDeltaCoalescer } from './delta-coalescer';

const text = (runId: string, chunk: string, iteration = 1): NewEvent => ({ runId, iteration, kind: 'text', data: { text: chunk }, at: 't' });

afterEach(() => vi.useRealTimers());

describe('createDeltaCoalescer', () => {
  it('joins text deltas of one run and writes them after 250 ms', async () => {
    vi.useFakeTimers();
    const written: NewEvent[] = [];
    const coalescer = createDeltaCoalescer((events) => written.push(...events));
    coalescer.push(text('r1', 'Hello '));
    coalescer.push(text('r1', 'world'));
    expect(written).toEqual([]);
    await vi.advanceTimersByTimeAsync(250);
    expect(written.map((event) => event.data.text)).toEqual(['Hello world']);
  });

  it('flushes at the size cap without waiting', () => {
    const written: NewEvent[] = [];
    const coalescer = createDeltaCoalescer((events) => written.push(...events), { maxChars: 10 });
    coalescer.push(text('r1', '12345'));
    coalescer.push(text('r1', '678901'));
    expect(written.map((event) => event.data.text)).toEqual(['12345678901']);
  });

  it('keeps the log in order: another event flushes the buffered text first', () => {
    const written: NewEvent[] = [];
    const coalescer = createDeltaCoalescer((events) => written.push(...events));
    coalescer.push(text('r1', 'thinking'));
    coalescer.push({ runId: 'r1', iteration: 1, kind: 'tool_call', data: { tool: 'report' }, at: 't' });
    expect(written.map((event) => event.kind)).toEqual(['text', 'tool_call']);
  });

  it('keeps runs and iterations apart', () => {
    const written: NewEvent[] = [];
    const coalescer = createDeltaCoalescer((events) => written.push(...events));
    coalescer.push(text('r1', 'a'));
    coalescer.push(text('r2', 'b'));
    coalescer.push(text('r1', 'c', 2));
    coalescer.flushAll();
    expect(written.map((event) => `${event.runId}:${event.iteration}:${String(event.data.text)}`).sort()).toEqual(['r1:1:a', 'r1:2:c', 'r2:1:b']);
  });
});
