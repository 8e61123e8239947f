import { describe, expect, it } from 'vitest';
import { createDeltaBatcher } from './delta-batcher';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createDeltaBatcher', () => {
  it('joins the deltas that arrive together and sends them once the event loop turns', async () => {
    const sent: string[] = [];
    const batcher = createDeltaBatcher((kind, text) => sent.push(`${kind}:${text}`));
    batcher.push('text', 'Hello ');
    batcher.push('text', 'world.');
    expect(sent).toEqual([]);
    await turn();
    expect(sent).toEqual(['text:Hello world.']);
  });

  it('keeps deltas that arrive apart (a provider streaming over the network) as separate events', async () => {
    const sent: string[] = [];
    const batcher = createDeltaBatcher((kind, text) => sent.push(`${kind}:${text}`));
    batcher.push('text', 'one ');
    await turn();
    batcher.push('text', 'two');
    await turn();
    expect(sent).toEqual(['text:one ', 'text:two']);
  });

  it('keeps the order: a change of kind or a flush sends what is held first', () => {
    const sent: string[] = [];
    const batcher = createDeltaBatcher((kind, text) => sent.push(`${kind}:${text}`));
    batcher.push('reasoning', 'Hmm.');
    batcher.push('text', 'Answer');
    batcher.flush();
    batcher.flush();
    expect(sent).toEqual(['reasoning:Hmm.', 'text:Answer']);
  });
});
