import { describe, expect, it } from 'vitest';
import { builders } from '../testing/builders';
import { spendToday } from './today-spend';

describe('spendToday', () => {
  const now = Date.parse('2025-03-04T12:00:00.000Z');

  it('adds up the runs started on the same UTC day only', () => {
    const runs = [
      builders.run({ id: 'a', startedAt: '2025-03-04T00:10:00.000Z', costUsd: 0.25, inputTokens: 100, outputTokens: 50 }),
      builders.run({ id: 'b', startedAt: '2025-03-04T11:00:00.000Z', costUsd: 1, inputTokens: 10, outputTokens: 0 }),
      builders.run({ id: 'c', startedAt: '2025-03-03T23:59:00.000Z', costUsd: 5 }),
    ];
    expect(spendToday(runs, now)).toEqual({ costUsd: 1.25, tokens: 160, runCount: 2, hasUnknownCost: false });
  });

  it('flags a run whose price is unknown instead of counting it as $0', () => {
    const runs = [builders.run({ startedAt: '2025-03-04T10:00:00.000Z', costUsd: null, inputTokens: 5, outputTokens: 5 })];
    expect(spendToday(runs, now).hasUnknownCost).toBe(true);
  });
});
