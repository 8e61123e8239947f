import { describe, expect, it } from 'vitest';
import {
  Approval,
  IterationStatus,
  PauseReason,
  RunStatus,
  StopReason,
  describeIterationStatus,
  describePauseReason,
  describeRunStatus,
  describeStopReason,
  isActive,
} from './records';

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

describe('describeRunStatus', () => {
  it('names every status in its own words, never as the identifier', () => {
    const texts = RunStatus.options.map(describeRunStatus);
    expect(new Set(texts).size).toBe(RunStatus.options.length);
    expect(texts.filter((text) => /_/.test(text) || text !== text.trim() || text === '')).toEqual([]);
    expect(describeRunStatus('waiting_approval')).toBe('Waiting for approval');
  });

  it('throws for a value outside the enum instead of returning nothing', () => {
    expect(() => describeRunStatus('hibernating' as RunStatus)).toThrow(/RunStatus/);
  });
});

describe('describeIterationStatus', () => {
  it('names every iteration status in its own words', () => {
    const texts = IterationStatus.options.map(describeIterationStatus);
    expect(new Set(texts).size).toBe(IterationStatus.options.length);
    expect(texts.every((text) => /^[A-Z]/.test(text))).toBe(true);
  });
});

describe('isActive', () => {
  const activeByStatus: Readonly<Record<RunStatus, boolean>> = {
    queued: false,
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

describe('Approval', () => {
  it('reads an older engine’s `system` (a withdrawn request, in a bundle it made) as `cancelled`, DESIGN §13’s word', () => {
    const stored = {
      id: 'a1',
      runId: 'r0123456789ab',
      iteration: 1,
      tool: 'bash',
      input: {},
      summary: 's',
      risk: 'high',
      status: 'cancelled',
      scope: null,
      reason: 'imported while pending',
      requestedAt: 'now',
      decidedAt: 'now',
      expiresAt: null,
    };
    expect(Approval.parse({ ...stored, decidedBy: 'system' }).decidedBy).toBe('cancelled');
    expect(Approval.parse({ ...stored, decidedBy: null }).decidedBy).toBeNull();
    expect(Approval.safeParse({ ...stored, decidedBy: 'engine' }).success).toBe(false);
  });
});
