import { describe, expect, it } from 'vitest';
import { describeEarlierIterations, iterationContext } from './iteration-context';

const past = [
  { n: 1, summary: 'Read the plan.' },
  { n: 2, summary: 'Fixed the parser.' },
  { n: 3, summary: 'Added the tests.' },
];

describe('iterationContext', () => {
  it('carry continues the conversation; fresh starts a new one with nothing; summaries opens a new one with the numbered summaries, newest last', () => {
    expect(iterationContext('carry', past)).toEqual({ freshSession: false, opening: null });
    expect(iterationContext(undefined, past)).toEqual({ freshSession: false, opening: null });
    expect(iterationContext('fresh', past)).toEqual({ freshSession: true, opening: null });
    expect(iterationContext('summaries', past)).toEqual({
      freshSession: true,
      opening: 'What the earlier iterations of this run did (their reports, newest last):\n1. Read the plan.\n2. Fixed the parser.\n3. Added the tests.',
    });
    expect(iterationContext('summaries', [])).toEqual({ freshSession: true, opening: null });
  });

  it('keeps the newest summaries within the token budget and says how many older ones it left out', () => {
    const many = Array.from({ length: 200 }, (_, index) => ({ n: index + 1, summary: `Did step ${index + 1} of the plan and wrote it down.` }));
    const opening = describeEarlierIterations(many, 500) ?? '';
    expect(opening.length / 4).toBeLessThanOrEqual(500);
    const lines = opening.split('\n');
    expect(lines.at(-1)).toBe('200. Did step 200 of the plan and wrote it down.');
    const kept = lines.filter((line) => /^\d+\. /.test(line)).length;
    expect(kept).toBeGreaterThan(10);
    expect(lines[1]).toBe(`(${200 - kept} older iterations left out to keep this short)`);
    expect(describeEarlierIterations(past, 10_000)).not.toContain('left out');
  });
});
