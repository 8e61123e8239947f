import { describe, expect, it } from 'vitest';
import { checkLimitsDraft, draftFromLimits } from './limits-draft';

describe('draftFromLimits', () => {
  it('prefills the run’s limits, durations in minutes, and leaves unlimited ones empty', () => {
    expect(draftFromLimits({ maxTokens: 500, maxCostUsd: 0, maxIterations: 20, maxDurationMs: 90_000 })).toEqual({
      maxTokens: '500',
      maxCostUsd: '',
      maxIterations: '20',
      maxDurationMinutes: '1.5',
    });
  });
});

describe('checkLimitsDraft', () => {
  it('sends what the person typed, converts minutes to ms and leaves empty fields out', () => {
    const current = { maxTokens: 500, maxIterations: 20 };
    const draft = { ...draftFromLimits(current), maxTokens: '5000', maxIterations: '', maxDurationMinutes: '30' };
    expect(checkLimitsDraft(draft, current)).toEqual({ ok: true, limits: { maxTokens: 5_000, maxDurationMs: 1_800_000 } });
  });

  it('sends a prefilled value as the run had it, even when the minutes shown were rounded', () => {
    const current = { maxDurationMs: 100_000, maxCostUsd: 0.25 };
    expect(checkLimitsDraft(draftFromLimits(current), current)).toEqual({ ok: true, limits: { maxDurationMs: 100_000, maxCostUsd: 0.25 } });
  });

  it('names each field that is not a usable limit', () => {
    const draft = { maxTokens: '1.5', maxCostUsd: '-1', maxIterations: 'lots', maxDurationMinutes: '2' };
    expect(checkLimitsDraft(draft, {})).toEqual({
      ok: false,
      errors: {
        maxTokens: 'Use a whole number (0 means no limit)',
        maxCostUsd: 'Use an amount in US dollars such as 5 or $2.50',
        maxIterations: 'Use a whole number (0 means no limit)',
      },
    });
  });
});
