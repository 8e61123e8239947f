import { describe, expect, it } from 'vitest';
import { describeDecidedBy, describeOutcome, formatTimeLeft, INPUT_FOLDED_OVER_LINES, prettyInput } from './approval-text';

describe('formatTimeLeft', () => {
  const now = Date.parse('2025-01-01T00:00:00.000Z');

  it('counts down in minutes and seconds, with hours when there are any', () => {
    expect(formatTimeLeft('2025-01-01T00:14:05.000Z', now)).toBe('14:05 left');
    expect(formatTimeLeft('2025-01-01T00:00:00.400Z', now)).toBe('0:01 left');
    expect(formatTimeLeft('2025-01-01T01:02:03.000Z', now)).toBe('1:02:03 left');
  });

  it('says expired at and after the deadline, and nothing without one', () => {
    expect(formatTimeLeft('2025-01-01T00:00:00.000Z', now)).toBe('expired');
    expect(formatTimeLeft(null, now)).toBeNull();
    expect(formatTimeLeft('soon', now)).toBeNull();
  });
});

describe('prettyInput', () => {
  it('indents JSON and folds only long inputs', () => {
    expect(prettyInput({ path: 'a' })).toEqual({ text: '{\n  "path": "a"\n}', lineCount: 3, isLong: false });
    const long = prettyInput(Object.fromEntries(Array.from({ length: INPUT_FOLDED_OVER_LINES }, (_, index) => [`k${index}`, index])));
    expect(long.isLong).toBe(true);
    expect(prettyInput({ content: 'x'.repeat(1_000) }).isLong).toBe(true);
  });
});

describe('describing answers', () => {
  it('names the outcome with its scope, and who decided', () => {
    expect(describeOutcome({ status: 'allowed', scope: 'run' })).toBe('Allowed for this run');
    expect(describeOutcome({ status: 'allowed', scope: 'once' })).toBe('Allowed once');
    expect(describeOutcome({ status: 'timed_out', scope: null })).toBe('Timed out');
    expect(['user', 'policy', 'timeout', 'cancelled', null].map((who) => describeDecidedBy(who as Parameters<typeof describeDecidedBy>[0]))).toEqual([
      'a person',
      'the run’s policy',
      'the timeout',
      'nobody: Autoloop withdrew it',
      '—',
    ]);
    expect(describeDecidedBy('link', 'phone-ntfy')).toBe('a person, through a link from phone-ntfy');
  });
});
