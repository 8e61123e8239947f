import { describe, expect, it } from 'vitest';
import { type RunStatus, RunStatus as RunStatusSchema, StopReason } from './records';
import { canDelete, canPause, canResume, canStop, isCrashed, isResumable, needsLimitsToResume } from './run-actions';
import { buildRun } from './testing/build-run';

const withStatus = (status: RunStatus) => buildRun({ status });
const statusesWhere = (rule: (run: ReturnType<typeof buildRun>) => boolean): RunStatus[] =>
  RunStatusSchema.options.filter((status) => rule(withStatus(status)));

describe('run actions', () => {
  it('pauses a run that will reach a gate: starting, running or waiting for approval', () => {
    expect(statusesWhere(canPause)).toEqual(['starting', 'running', 'waiting_approval']);
  });

  it('resumes a paused run as it is, except a budget pause, which needs raised limits', () => {
    expect(canResume(buildRun({ status: 'paused', pauseReason: 'user' }))).toBe(true);
    expect(canResume(buildRun({ status: 'paused', pauseReason: 'interrupted' }))).toBe(true);
    const budget = buildRun({ status: 'paused', pauseReason: 'budget' });
    expect(canResume(budget)).toBe(false);
    expect(needsLimitsToResume(budget)).toBe(true);
    expect(isResumable(budget)).toBe(true);
    expect(statusesWhere(canResume)).toEqual(['paused']);
  });

  it('resumes a crashed run and one whose key was refused, and no run that ended any other way', () => {
    const crashed = buildRun({ status: 'ended', stopReason: 'crash' });
    expect(isCrashed(crashed)).toBe(true);
    expect(canResume(crashed)).toBe(true);
    expect(isResumable(crashed)).toBe(true);
    const refused = buildRun({ status: 'ended', stopReason: 'auth_failed' });
    expect(canResume(refused)).toBe(true);
    expect(isResumable(refused)).toBe(true);
    const others = StopReason.options.filter((reason) => reason !== 'crash' && reason !== 'auth_failed');
    for (const stopReason of others) {
      expect(canResume(buildRun({ status: 'ended', stopReason })), stopReason).toBe(false);
      expect(isResumable(buildRun({ status: 'ended', stopReason })), stopReason).toBe(false);
    }
  });

  it('stops any run that has not ended and is not already stopping, a paused one too', () => {
    expect(statusesWhere(canStop)).toEqual(['queued', 'starting', 'running', 'waiting_approval', 'paused']);
  });

  it('deletes only a run without a process: paused or ended', () => {
    expect(statusesWhere(canDelete)).toEqual(['queued', 'paused', 'ended']);
  });
});
