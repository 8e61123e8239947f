import { describe, expect, it } from 'vitest';
import { builders } from '../../../testing/builders';
import { elapsedMs, limitMeters } from './run-limits';

describe('limitMeters', () => {
  it('shows what is left of each limit and warns near the end', () => {
    const run = builders.run({
      inputTokens: 700,
      outputTokens: 200,
      costUsd: 0.5,
      iterations: 2,
      limits: { maxTokens: 1_000, maxCostUsd: 5, maxIterations: 2 },
    });
    const [tokens, cost, iterations, time] = limitMeters(run, [], Date.parse(run.startedAt ?? ''));
    expect(tokens).toMatchObject({ used: 900, limit: 1_000, remaining: 100, level: 'warn', text: '100 of 1,000 tokens left (900 used)' });
    expect(cost).toMatchObject({ remaining: 4.5, level: 'ok', text: '$4.50 of $5.00 left ($0.50 used)' });
    expect(iterations).toMatchObject({ remaining: 0, level: 'danger' });
    expect(time).toMatchObject({ limit: null, remaining: null, text: '0 ms used, no limit' });
  });

  it('treats 0 as no limit and never shows less than nothing left', () => {
    const run = builders.run({ inputTokens: 2_000, limits: { maxTokens: 1_000, maxIterations: 0 } });
    const [tokens, , iterations] = limitMeters(run, [], 0);
    expect(tokens?.remaining).toBe(0);
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
