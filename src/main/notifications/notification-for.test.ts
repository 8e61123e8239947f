import { describe, expect, it } from 'vitest';
import type { ApiPushEvent } from '../../shared/api';
import type { Run } from '../../shared/records';
import { buildRun } from '../../shared/testing/build-run';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { NotificationSettings } from '../desktop-settings';
import { EMPTY_SHELL_STATE, type ShellState, shellStateFrom } from '../shell-state/shell-state';
import { buildApproval } from '../testing/build-approval';
import { NOTIFICATION_COOLDOWN_MS, type NotificationHistory, isAnsweredBy, notificationFor, rememberNotification } from './notification-for';

const ALL_ON: NotificationSettings = DEFAULT_SETTINGS.notifications;
const NOW = 1_000_000;
const NONE: NotificationHistory = new Map();
const running = buildRun({ id: 'r1', name: 'Fix tests', status: 'running', iterations: 4 });
const knowing = (...runs: Run[]): ShellState => shellStateFrom(runs, []);

function notify(
  event: ApiPushEvent,
  before: ShellState,
  options: { settings?: NotificationSettings; recent?: NotificationHistory; now?: number; isAppFocused?: boolean } = {},
) {
  return notificationFor(event, options.settings ?? ALL_ON, options.now ?? NOW, options.recent ?? NONE, {
    before,
    isAppFocused: options.isAppFocused ?? false,
  });
}
const ended = (changes: Partial<Run>): ApiPushEvent => ({ type: 'run.updated', run: { ...running, status: 'ended', ...changes } });

describe('notificationFor: approvals', () => {
  it('asks at once, with Allow and Deny, naming the run and the tool', () => {
    const approval = buildApproval({ id: 'a1', runId: 'r1', tool: 'bash', summary: 'npm test' });
    expect(notify({ type: 'approval.requested', approval }, knowing(running))).toEqual({
      kind: 'approval_needed',
      title: '“Fix tests” asks to use bash',
      body: 'npm test',
      actions: [
        { text: 'Allow', decision: 'allow' },
        { text: 'Deny', decision: 'deny' },
      ],
      runId: 'r1',
      approvalId: 'a1',
    });
  });

  it('offers only Deny for a summary that is cut or longer than a notification shows', () => {
    for (const summary of ['bash: curl… [4000 more characters hidden]', `bash: ${'y'.repeat(200)}`]) {
      const approval = buildApproval({ id: 'a1', runId: 'r1', tool: 'bash', summary });
      expect(notify({ type: 'approval.requested', approval }, knowing(running))?.actions).toEqual([{ text: 'Deny', decision: 'deny' }]);
    }
  });

  it('is not held back by the per-run cooldown', () => {
    const recent = new Map([['r1', NOW - 1]]);
    expect(notify({ type: 'approval.requested', approval: buildApproval({ runId: 'r1' }) }, knowing(running), { recent })?.kind).toBe('approval_needed');
  });

  it('says "A run" when the run is not known yet', () => {
    expect(notify({ type: 'approval.requested', approval: buildApproval({ runId: 'r9', tool: 'write_file' }) }, EMPTY_SHELL_STATE)?.title).toBe(
      'A run asks to use write_file',
    );
  });
});

describe('notificationFor: runs', () => {
  it('tells of a completed run', () => {
    expect(notify(ended({ stopReason: 'completed', detail: 'counted to 5' }), knowing(running))).toMatchObject({
      kind: 'run_ended',
      title: '“Fix tests” completed',
      body: 'After 4 iterations: counted to 5',
      actions: [],
      runId: 'r1',
      approvalId: null,
    });
  });

  it('tells of a run stopped by a rule, with the reason in words', () => {
    expect(notify(ended({ stopReason: 'stagnation', detail: null }), knowing(running))).toMatchObject({
      kind: 'run_ended',
      title: '“Fix tests” stopped',
      body: 'Stopped: the same summary several times in a row',
    });
    expect(notify(ended({ stopReason: 'iteration_limit', detail: '20 of 20' }), knowing(running))?.body).toBe(
      'Stopped: reached the iteration limit (20 of 20)',
    );
  });

  it('tells of a crash', () => {
    expect(notify(ended({ stopReason: 'crash', detail: 'exit code 1' }), knowing(running))).toMatchObject({
      title: '“Fix tests” crashed',
      body: 'Crashed: the runner process exited unexpectedly (exit code 1)',
    });
  });

  it('tells of a failure-streak stop as its own kind', () => {
    expect(notify(ended({ stopReason: 'failure_limit' }), knowing(running))).toMatchObject({
      kind: 'failure_stop',
      title: '“Fix tests” stopped after repeated failures',
    });
  });

  it('tells of any other failure of the run’s work under the same setting', () => {
    expect(notify(ended({ stopReason: 'permission_denied', detail: null }), knowing(running))).toMatchObject({
      kind: 'failure_stop',
      title: '“Fix tests” failed',
      body: 'Stopped: a tool call was denied',
    });
  });

  it('says nothing when the person stopped the run, or for a run it never saw active (an import)', () => {
    expect(notify(ended({ stopReason: 'user_stop' }), knowing(running))).toBeNull();
    expect(notify(ended({ stopReason: 'completed' }), EMPTY_SHELL_STATE)).toBeNull();
  });

  it('tells of a budget pause once, and offers to extend', () => {
    const budget: Run = { ...running, status: 'paused', pauseReason: 'budget', detail: 'The run reached its cost limit of $1.00.' };
    expect(notify({ type: 'run.updated', run: budget }, knowing(running))).toMatchObject({
      kind: 'budget_pause',
      title: '“Fix tests” paused: budget reached',
      body: 'The run reached its cost limit of $1.00. Click to raise the limit and resume.',
    });
    expect(notify({ type: 'run.updated', run: { ...budget, costUsd: 1.01 } }, knowing(budget))).toBeNull();
  });

  it('says nothing of other changes (progress, a user pause, a shutdown pause)', () => {
    expect(notify({ type: 'run.updated', run: { ...running, iterations: 5 } }, knowing(running))).toBeNull();
    expect(notify({ type: 'run.updated', run: { ...running, status: 'paused', pauseReason: 'user' } }, knowing(running))).toBeNull();
    expect(notify({ type: 'notice', level: 'info', message: 'hi' }, knowing(running))).toBeNull();
  });
});

describe('notificationFor: settings, focus and the 10 s cooldown', () => {
  it('honours each type\u2019s setting', () => {
    const off = (key: keyof NotificationSettings): NotificationSettings => ({ ...ALL_ON, [key]: false });
    expect(notify({ type: 'approval.requested', approval: buildApproval() }, knowing(running), { settings: off('approvalNeeded') })).toBeNull();
    expect(notify(ended({ stopReason: 'completed' }), knowing(running), { settings: off('runEnded') })).toBeNull();
    expect(notify(ended({ stopReason: 'failure_limit' }), knowing(running), { settings: off('failureStop') })).toBeNull();
    expect(notify(ended({ stopReason: 'failure_limit' }), knowing(running), { settings: off('runEnded') })?.kind).toBe('failure_stop');
    expect(
      notify({ type: 'run.updated', run: { ...running, status: 'paused', pauseReason: 'budget' } }, knowing(running), { settings: off('budgetPause') }),
    ).toBeNull();
  });

  it('stays quiet while the person looks at the window', () => {
    expect(notify({ type: 'approval.requested', approval: buildApproval() }, knowing(running), { isAppFocused: true })).toBeNull();
    expect(notify(ended({ stopReason: 'completed' }), knowing(running), { isAppFocused: true })).toBeNull();
  });

  it('shows at most one per run per 10 s, approvals excepted', () => {
    const budget = notify({ type: 'run.updated', run: { ...running, status: 'paused', pauseReason: 'budget' } }, knowing(running));
    if (!budget) throw new Error('expected a budget notification');
    const recent = rememberNotification(NONE, budget, NOW);
    const paused = { ...running, status: 'paused' as const, pauseReason: 'budget' as const };
    expect(notify(ended({ stopReason: 'completed' }), knowing(paused), { recent, now: NOW + NOTIFICATION_COOLDOWN_MS - 1 })).toBeNull();
    expect(notify(ended({ stopReason: 'completed' }), knowing(paused), { recent, now: NOW + NOTIFICATION_COOLDOWN_MS })?.kind).toBe('run_ended');
    const other = buildRun({ id: 'r2', status: 'running' });
    expect(notify({ type: 'run.updated', run: { ...other, status: 'ended', stopReason: 'completed' } }, knowing(other), { recent, now: NOW + 1 })?.runId).toBe(
      'r2',
    );
  });
});

describe('rememberNotification', () => {
  it('records runs, not approvals, and forgets entries past the cooldown', () => {
    const approval = notify({ type: 'approval.requested', approval: buildApproval() }, knowing(running));
    const completed = notify(ended({ stopReason: 'completed' }), knowing(running));
    if (!approval || !completed) throw new Error('expected notifications');
    expect(rememberNotification(NONE, approval, NOW)).toBe(NONE);
    const old = new Map([['r0', NOW - NOTIFICATION_COOLDOWN_MS]]);
    expect([...rememberNotification(old, completed, NOW)]).toEqual([['r1', NOW]]);
  });
});

describe('isAnsweredBy', () => {
  it('matches the resolution of the notification\u2019s own request only', () => {
    const asked = notify({ type: 'approval.requested', approval: buildApproval({ id: 'a1' }) }, knowing(running));
    if (!asked) throw new Error('expected a notification');
    expect(isAnsweredBy(asked, { type: 'approval.resolved', approval: buildApproval({ id: 'a1', status: 'allowed' }) })).toBe(true);
    expect(isAnsweredBy(asked, { type: 'approval.resolved', approval: buildApproval({ id: 'a2', status: 'allowed' }) })).toBe(false);
    expect(isAnsweredBy(asked, { type: 'approval.requested', approval: buildApproval({ id: 'a1' }) })).toBe(false);
  });
});

describe('notificationFor: schedules', () => {
  const watchdog: ApiPushEvent = {
    type: 'notice',
    level: 'warning',
    message: 'Schedule "nightly": no run completed in the last 3 periods; open its history to see why',
    schedule: { id: 's1', name: 'nightly', problem: 'watchdog' },
  };

  it('tells a schedule’s watchdog like a failure, opening the schedule', () => {
    expect(notify(watchdog, EMPTY_SHELL_STATE)).toEqual({
      kind: 'schedule_overdue',
      title: 'Schedule “nightly” has no completed run',
      body: watchdog.message,
      actions: [],
      runId: null,
      scheduleId: 's1',
      approvalId: null,
    });
    expect(notify(watchdog, EMPTY_SHELL_STATE, { settings: { ...ALL_ON, failureStop: false } })).toBeNull();
    expect(notify(watchdog, EMPTY_SHELL_STATE, { isAppFocused: true })).toBeNull();
  });

  it('leaves other notices, and a schedule’s budget, to the window; a schedule’s notification starts no run cooldown', () => {
    expect(notify({ type: 'notice', level: 'warning', message: 'disk nearly full' }, EMPTY_SHELL_STATE)).toBeNull();
    expect(notify({ ...watchdog, schedule: { id: 's1', name: 'nightly', problem: 'budget' } }, EMPTY_SHELL_STATE)).toBeNull();
    const shown = notify(watchdog, EMPTY_SHELL_STATE);
    expect(shown && rememberNotification(NONE, shown, NOW)).toBe(NONE);
  });
});
