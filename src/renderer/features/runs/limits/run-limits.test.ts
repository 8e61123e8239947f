import { describe, expect, it } from 'vitest';
import { builders } from '../../../testing/builders';
import { elapsedMs, limitMeters } from './run-limits';

describe('limitMeters', () => {
  it('fills each meter with what is used, amber from 80 % and red at 100 %', () => {
    const run = builders.run({
      inputTokens: 700,
      outputTokens: 200,
      costUsd: 0.5,
      iterations: 2,
      limits: { maxTokens: 1_000, maxCostUsd: 5, maxIterations: 2 },
    });
    const [tokens, cost, iterations, time] = limitMeters(run, [], Date.parse(run.startedAt ?? ''));
    expect(tokens).toMatchObject({ used: 900, limit: 1_000, remaining: 100, percentUsed: 90, level: 'warn', text: '900 of 1,000 tokens used (100 left)' });
    expect(cost).toMatchObject({ remaining: 4.5, percentUsed: 10, level: 'ok', text: '$0.50 of $5.00 used ($4.50 left)' });
    expect(iterations).toMatchObject({ remaining: 0, percentUsed: 100, level: 'danger' });
    expect(time).toMatchObject({ limit: null, remaining: null, text: '0 ms used, no limit' });
  });

  it('treats 0 as no limit, turns amber at exactly 80 % and never fills past the end', () => {
    const [at80] = limitMeters(builders.run({ inputTokens: 800, limits: { maxTokens: 1_000 } }), [], 0);
    expect(at80?.level).toBe('warn');
    const run = builders.run({ inputTokens: 2_000, limits: { maxTokens: 1_000, maxIterations: 0 } });
    const [tokens, , iterations] = limitMeters(run, [], 0);
    expect(tokens).toMatchObject({ remaining: 0, percentUsed: 100, level: 'danger' });
    expect(iterations?.limit).toBeNull();
  });
});

describe('elapsedMs', () => {
  const startedAt = '2025-01-01T00:00:00.000Z';
  it('counts to now while active, to the end once ended, and to the last iteration while paused', () => {
    expect(elapsedMs({ status: 'running', startedAt, endedAt: null }, [], Date.parse(startedAt) + 5_000)).toBe(5_000);
    expect(elapsedMs({ status: 'ended', startedAt, endedAt: '2025-01-01T00:01:00.000Z' }, [], 0)).toBe(60_000);
    const iteration = builders.iteration({ endedAt: '2025-01-01T00:00:30.000Z' });
    expect(elapsedMs({ status: 'paused', startedAt, endedAt: null }, [iteration], Date.parse(startedAt) + 999_000)).toBe(30_000);
  });
});
