import { describe, expect, it } from 'vitest';
import { cacheRequest, promptBlocks } from './fake-anthropic-server';

const BREAK = { cache_control: { type: 'ephemeral' } };
const text = (value: string, marked = false) => ({ type: 'text', text: value, ...(marked ? BREAK : {}) });
const body = (turns: string[], marked: boolean) => ({
  system: [text('S'.repeat(4_000), marked)],
  messages: turns.map((turn, index) => ({ role: index % 2 === 0 ? 'user' : 'assistant', content: [text(turn, marked && index === turns.length - 1)] })),
});

describe('the fake Anthropic prompt cache', () => {
  it('writes the prefix up to the last breakpoint, then reads the longest prefix an earlier request wrote', () => {
    const cache = new Set<string>();
    const first = cacheRequest(cache, promptBlocks(body(['Go 1.'], true)), 100);
    expect(first.cacheRead).toBe(0);
    expect(first.cacheWrite).toBeGreaterThan(1_000);
    const second = cacheRequest(cache, promptBlocks(body(['Go 1.', 'Done 1.', 'Go 2.'], true)), 100);
    expect(second.cacheRead).toBe(first.cacheWrite);
    expect(second.cacheWrite).toBeGreaterThan(0);
    expect(second.input).toBe(0);
  });

  it('caches nothing without breakpoints, nor a prefix shorter than the minimum', () => {
    const cache = new Set<string>();
    cacheRequest(cache, promptBlocks(body(['Go 1.'], false)), 100);
    expect(cacheRequest(cache, promptBlocks(body(['Go 1.', 'Done.', 'Go 2.'], false)), 100)).toMatchObject({ cacheRead: 0, cacheWrite: 0 });
    expect(cacheRequest(new Set(), promptBlocks(body(['Go 1.'], true)), 100_000)).toMatchObject({ cacheRead: 0, cacheWrite: 0 });
  });

  it('reads nothing when the system prompt changed (as when it carried the iteration number)', () => {
    const cache = new Set<string>();
    cacheRequest(cache, promptBlocks({ ...body(['Go.'], true), system: [text('iteration 1', true)] }), 0);
    expect(cacheRequest(cache, promptBlocks({ ...body(['Go.'], true), system: [text('iteration 2', true)] }), 0).cacheRead).toBe(0);
  });
});
