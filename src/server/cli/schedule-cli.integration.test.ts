import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Schedule, ScheduleDetail } from '../../shared/schedules';
import { autoloopSync, jsonLines } from '../testing/cli-process';

// `autoloop schedule …` as a person types it: real CLI processes on an embedded engine (no server: nothing starts by itself).

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-cli-schedule-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const autoloop = (...args: string[]) => autoloopSync(dataDir, ...args);

describe('autoloop schedule', () => {
  it('refuses a bad cron with its column, and runs that could ask without a timeout outcome', () => {
    const badCron = autoloop('schedule', 'add', 'demo-counter', '--cron', '0 25 * * *');
    expect(badCron.status).toBe(2);
    expect(badCron.stderr).toContain('hour field "25" at column 3');
    const asking = autoloop('schedule', 'add', 'demo-counter', '--cron', '0 3 * * *', '--profile', 'ask');
    expect(asking.status).toBe(2);
    expect(asking.stderr).toContain('--on-approval-timeout deny|pause|stop');
    expect(autoloop('schedule', 'add', 'demo-counter', '--cron', '0 3 * * *', '--catch-up', 'sometimes').stderr).toContain('--catch-up');
  });

  it('refuses an empty cron or zone and too many watchdog periods in plain words, not a schema dump', () => {
    const refusals = [
      { args: ['add', 'demo-counter', '--cron', ''], says: 'schedule add needs --cron "EXPR"' },
      { args: ['add', 'demo-counter', '--cron', '0 3 * * *', '--tz', ''], says: '--tz needs a value, e.g. --tz Europe/Berlin' },
      { args: ['add', 'demo-counter', '--cron', '0 3 * * *', '--watchdog-periods', '1001'], says: '--watchdog-periods takes a whole number from 1 to 1000' },
      { args: ['add', 'demo-counter', '--cron', '0 3 * * *', '--watchdog-periods', '99999999999999999999'], says: 'from 1 to 1000' },
    ];
    for (const { args, says } of refusals) {
      const refused = autoloop('schedule', ...args);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(says);
      expect(refused.stderr).not.toContain('✖');
    }
    expect(jsonLines(autoloop('schedule', 'ls', '--json').stdout)).toEqual([]);
    const added = autoloop('schedule', 'add', 'demo-counter', '--cron', '0 3 * * *', '--name', 'flags');
    expect(added.status).toBe(0);
    for (const args of [
      ['--tz', ''],
      ['--cron', ''],
      ['--watchdog-periods', '5000'],
    ]) {
      const refused = autoloop('schedule', 'edit', 'flags', ...args);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/needs a value|from 1 to 1000/);
      expect(refused.stderr).not.toContain('✖');
    }
    expect(autoloop('schedule', 'rm', 'flags').status).toBe(0);
  });

  it('an edit that does not name the params keeps them', () => {
    const paramsOf = () => ScheduleDetail.parse(JSON.parse(autoloop('schedule', 'show', 'keeper', '--json').stdout)).schedule.params;
    expect(autoloop('schedule', 'add', 'demo-counter', '--name', 'keeper', '--cron', '0 3 * * *', '--param', 'target=2').status).toBe(0);
    expect(paramsOf()).toEqual({ target: '2' });
    expect(autoloop('schedule', 'edit', 'keeper', '--max-cost-per-day', '3').status).toBe(0);
    expect(autoloop('schedule', 'edit', 'keeper', '--cron', '0 4 * * *').status).toBe(0);
    expect(paramsOf()).toEqual({ target: '2' });
    expect(autoloop('schedule', 'rm', 'keeper').status).toBe(0);
  });

  it('adds, lists, shows, pauses, resumes and removes a schedule, with the run flags pinned', () => {
    const added = autoloop(
      'schedule',
      'add',
      'demo-counter',
      '--cron',
      '0 3 * * *',
      '--name',
      'nightly',
      '--tz',
      'Europe/Berlin',
      '--overlap',
      'queue',
      '--catch-up',
      'none',
      '--param',
      'target=3',
      '--profile',
      'workspace-write',
      '--on-approval-timeout',
      'deny',
      '--max-cost',
      '2',
      '--context',
      'fresh',
      '--json',
    );
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    const schedule = Schedule.parse(jsonLines(added.stdout)[0]);
    expect(schedule).toMatchObject({
      name: 'nightly',
      timezone: 'Europe/Berlin',
      overlap: 'queue',
      catchUp: 'none',
      params: { target: '3' },
      settings: { profile: 'workspace-write', onApprovalTimeout: 'deny', limits: { maxCostUsd: 2 }, context: 'fresh' },
    });
    expect(schedule.nextDueAt).toMatch(/T0[12]:00:00.000Z$/);

    expect(jsonLines(autoloop('schedule', 'ls', '--json').stdout).map((line) => Schedule.parse(line).name)).toEqual(['nightly']);
    expect(autoloop('schedule', 'ls').stdout).toMatch(/nightly\s+0 3 \* \* \* \(Europe\/Berlin\)\s+enabled/);
    const detail = ScheduleDetail.parse(jsonLines(autoloop('schedule', 'show', 'nightly', '--json').stdout)[0]);
    expect(detail).toMatchObject({ slots: [], health: { overdue: false, spend: { day: 0, week: 0, month: 0 } } });

    // edit: --param changes the one it names; a new name and template; nothing to change, or a bad value, is a usage error.
    expect(autoloop('schedule', 'edit', 'nightly').stderr).toContain('needs something to change');
    expect(autoloop('schedule', 'edit', 'nightly', '--overlap', 'sometimes').status).toBe(2);
    const edited = autoloop('schedule', 'edit', 'nightly', '--cron', '30 4 * * *', '--max-cost-per-day', '1.5', '--param', 'target=4', '--json');
    expect(edited.stderr).toBe('');
    expect(Schedule.parse(jsonLines(edited.stdout)[0])).toMatchObject({ cron: '30 4 * * *', maxCostUsdPerDay: 1.5, params: { target: '4' } });
    expect(autoloop('schedule', 'edit', 'nightly', '--name', 'early').stdout).toMatch(/^Saved early \(s\w+\) · template demo-counter/);
    const moved = autoloop('schedule', 'edit', 'early', '--template', 'research-notes', '--param', 'question=why', '--max-cost-per-day', 'none', '--json');
    expect(moved.stderr).toBe('');
    expect(Schedule.parse(jsonLines(moved.stdout)[0])).toMatchObject({
      name: 'early',
      template: 'research-notes',
      params: { question: 'why' },
      maxCostUsdPerDay: null,
    });
    expect(autoloop('schedule', 'edit', 'early', '--name', 'nightly', '--template', 'demo-counter', '--param', 'target=3').status).toBe(0);

    expect(autoloop('schedule', 'pause', 'nightly').stdout).toContain('Paused nightly');
    expect(jsonLines(autoloop('schedule', 'ls', '--json').stdout)[0]).toMatchObject({ enabled: false, nextDueAt: null });
    expect(autoloop('schedule', 'resume', 'nightly').stdout).toContain('Resumed nightly');
    expect(autoloop('schedule', 'pause', '--all').stdout).toContain('Paused nightly');
    expect(autoloop('schedule', 'pause', '--all').stdout).toContain('No schedule was enabled');
    expect(autoloop('schedule', 'resume', '--all').stdout).toContain('Resumed nightly');
    expect(autoloop('schedule', 'rm', '--all').status).toBe(2);
    expect(autoloop('schedule', 'run-now', 'nightly').stderr).toContain('no server is running');
    expect(autoloop('schedule', 'rm', 'nightly').stdout).toContain('Removed the schedule nightly');
    expect(autoloop('schedule', 'show', 'nightly').status).toBe(2);
  });
});
