import { describe, expect, it } from 'vitest';
import type { ApiPushEvent } from '../../../shared/api';
import { concernsSchedules } from './use-schedules-loader';

const runUpdated = (scheduleId: string | null): ApiPushEvent => ({ type: 'run.updated', run: { scheduleId } as never });

describe('concernsSchedules', () => {
  it('takes a schedule change for the list, and for the one schedule shown only when it is that one', () => {
    const changed: ApiPushEvent = { type: 'schedule.changed', scheduleId: 's1' };
    expect(concernsSchedules(changed, null)).toBe(true);
    expect(concernsSchedules(changed, 's1')).toBe(true);
    expect(concernsSchedules(changed, 's2')).toBe(false);
  });

  it('takes an update of a scheduled run (its slot shows what the run did), not of a run started by hand', () => {
    expect(concernsSchedules(runUpdated('s1'), null)).toBe(true);
    expect(concernsSchedules(runUpdated('s1'), 's2')).toBe(false);
    expect(concernsSchedules(runUpdated(null), null)).toBe(false);
  });

  it("takes a schedule's notice (its watchdog), not other notices or run events", () => {
    const watchdog: ApiPushEvent = { type: 'notice', level: 'warning', message: 'late', schedule: { id: 's1', name: 'n', problem: 'watchdog' } };
    expect(concernsSchedules(watchdog, 's1')).toBe(true);
    expect(concernsSchedules({ type: 'notice', level: 'info', message: 'hello' }, null)).toBe(false);
    expect(concernsSchedules({ type: 'run.deleted', runId: 'r1' }, null)).toBe(false);
  });
});
