import { describe, expect, it } from 'vitest';
import { PauseReason, RunStatus, StopReason } from './records';
import { needsPerson, runBadgeOf } from './run-badge';

const ended = (stopReason: StopReason) => runBadgeOf({ status: 'ended', stopReason, pauseReason: null });
const paused = (pauseReason: PauseReason) => runBadgeOf({ status: 'paused', stopReason: null, pauseReason });

describe('runBadgeOf', () => {
  it('tells every ending apart in words, never an identifier', () => {
    expect(Object.fromEntries(StopReason.options.map((reason) => [reason, ended(reason).label]))).toEqual({
      completed: 'Completed',
      user_stop: 'Stopped by you',
      stagnation: 'Stagnated',
      failure_limit: 'Failed',
      iteration_limit: 'Limit reached',
      time_limit: 'Limit reached',
      permission_denied: 'Failed',
      approval_timeout: 'Failed',
      auth_failed: 'Failed',
      setup_failed: 'Failed',
      verify_failed: 'Failed',
      replaced: 'Replaced by its schedule',
      crash: 'Crashed',
      protocol_error: 'Crashed',
      spawn_failed: 'Crashed',
    });
  });

  it('tells why a run is paused, and which pauses wait for the person', () => {
    expect(Object.fromEntries(PauseReason.options.map((reason) => [reason, [paused(reason).label, paused(reason).needsPerson]]))).toEqual({
      user: ['Paused by you', false],
      budget: ['Paused for budget', true],
      approval_timeout: ['Approval timed out', true],
      shutdown: ['Interrupted', true],
      interrupted: ['Interrupted', true],
      disk_full: ['Disk full', true],
      imported: ['Imported: confirm', true],
    });
  });

  it('gives every badge an icon and a tone, and colours by outcome', () => {
    const all = [
      ...StopReason.options.map(ended),
      ...PauseReason.options.map(paused),
      ...RunStatus.options.map((status) => runBadgeOf({ status, stopReason: null, pauseReason: null })),
    ];
    for (const badge of all) {
      expect(badge.icon.length, badge.label).toBeGreaterThan(0);
      expect(badge.label).toMatch(/^[A-Z][a-z]+( [a-z]+)*(: [a-z]+)?$/);
    }
    expect(ended('completed').tone).toBe('ok');
    expect(ended('crash').tone).toBe('bad');
    expect(ended('failure_limit').tone).toBe('bad');
    expect(ended('stagnation').tone).toBe('warn');
    expect(ended('user_stop').tone).toBe('neutral');
    expect(runBadgeOf({ status: 'running', stopReason: null, pauseReason: null })).toMatchObject({ label: 'Running', tone: 'active', needsPerson: false });
  });

  it('says a run needs the person while it waits for an approval, a budget, a resume after a crash or a fixed key', () => {
    expect(needsPerson({ status: 'waiting_approval', stopReason: null, pauseReason: null })).toBe(true);
    expect(runBadgeOf({ status: 'waiting_approval', stopReason: null, pauseReason: null }).label).toBe('Needs approval');
    expect(StopReason.options.filter((reason) => ended(reason).needsPerson)).toEqual(['auth_failed', 'crash']);
    for (const status of ['starting', 'running', 'stopping'] as const) expect(needsPerson({ status, stopReason: null, pauseReason: null })).toBe(false);
  });
});
