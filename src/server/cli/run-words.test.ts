import { describe, expect, it } from 'vitest';
import { buildRun } from '../../shared/testing/build-run';
import { describeLimits, describeRunStatus, formatRunSummary } from './run-words';

describe('describeRunStatus', () => {
  it('names the state in a few words, with the reason for paused and ended runs', () => {
    expect(describeRunStatus(buildRun({ status: 'running' }))).toBe('running');
    expect(describeRunStatus(buildRun({ status: 'waiting_approval' }))).toBe('waiting approval');
    expect(describeRunStatus(buildRun({ status: 'paused', pauseReason: 'approval_timeout' }))).toBe('paused (approval timeout)');
    expect(describeRunStatus(buildRun({ status: 'ended', stopReason: 'iteration_limit' }))).toBe('iteration limit');
  });
});

describe('formatRunSummary', () => {
  const now = new Date('2026-11-26T10:05:00.000Z');
  it('gives the stop reason in words, then iterations, tokens, cost and duration', () => {
    const run = buildRun({
      status: 'ended',
      stopReason: 'stagnation',
      detail: 'the summary "Nothing to do." 3 times',
      iterations: 3,
      inputTokens: 12_000,
      outputTokens: 345,
      costUsd: 0.0421,
      startedAt: '2026-11-26T10:00:00.000Z',
      endedAt: '2026-11-26T10:02:05.000Z',
    });
    expect(formatRunSummary(run, now)).toEqual([
      'Stopped: the same summary several times in a row — the summary "Nothing to do." 3 times',
      '3 iterations · 12,345 tokens · $0.0421 · 2 min 05 s',
    ]);
  });
  it('tells how to go on after a budget pause', () => {
    const run = buildRun({ id: 'r9', status: 'paused', pauseReason: 'budget', iterations: 1, costUsd: null, startedAt: '2026-11-26T10:04:00.000Z' });
    expect(formatRunSummary(run, now)).toEqual([
      'Paused: a budget limit was reached',
      '1 iteration · 0 tokens · unknown cost · 1 min 00 s',
      'Resume it with: autoloop resume r9 (raise a limit with --max-cost, --max-tokens, --max-iterations or --max-duration)',
    ]);
  });
});

describe('describeLimits', () => {
  it('lists the limits that limit anything', () => {
    expect(describeLimits({})).toBe('none');
    expect(describeLimits({ maxIterations: 20, maxCostUsd: 5, maxDurationMs: 900_000, maxTokens: 0 })).toBe('20 iterations, $5.00, 15 min 00 s');
  });
});
