import { describe, expect, it } from 'vitest';
import { PauseReason, RunStatus, StopReason, describePauseReason, describeStopReason, isActive } from './records';

describe('describeStopReason', () => {
  it('describes every stop reason in its own non-empty words', () => {
    const texts = StopReason.options.map(describeStopReason);
    expect(texts.every((text) => text.trim().length > 0)).toBe(true);
    expect(new Set(texts).size).toBe(StopReason.options.length);
  });

  it('throws for a value outside the enum instead of returning nothing', () => {
    expect(() => describeStopReason('bored' as StopReason)).toThrow(/StopReason/);
  });
});

describe('describePauseReason', () => {
  it('describes every pause reason in its own non-empty words', () => {
    const texts = PauseReason.options.map(describePauseReason);
    expect(texts.every((text) => text.trim().length > 0)).toBe(true);
    expect(new Set(texts).size).toBe(PauseReason.options.length);
  });

  it('throws for a value outside the enum instead of returning nothing', () => {
    expect(() => describePauseReason('nap' as PauseReason)).toThrow(/PauseReason/);
  });
});

describe('isActive', () => {
  const activeByStatus: Readonly<Record<RunStatus, boolean>> = {
    starting: true,
    running: true,
    waiting_approval: true,
    stopping: true,
    paused: false,
    ended: false,
  };

  it.each(RunStatus.options)('tells whether a %s run has a live process', (status) => {
    expect(isActive(status)).toBe(activeByStatus[status]);
  });

  it('counts a paused run as inactive: it has no process', () => {
    expect(isActive('paused')).toBe(false);
  });
});
