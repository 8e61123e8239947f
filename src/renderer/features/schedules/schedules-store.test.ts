import { describe, expect, it } from 'vitest';
import type { ScheduleDetail, ScheduleListItem } from '../../../shared/schedules';
import { buildScheduleListItem } from '../../../shared/testing/build-schedule';
import { applyScheduleDetail, applyScheduleRemoved, applySchedulesListed, emptySchedulesState } from './schedules-store';

const item = (id: string, name: string, enabled = true): ScheduleListItem => buildScheduleListItem({ id, name, enabled });
const detailOf = (schedule: ScheduleListItem): ScheduleDetail => {
  const { health: its, ...rest } = schedule;
  return { schedule: rest, health: its, slots: [] };
};

describe('the schedules store', () => {
  it('keeps the list by name and drops the details of schedules that are gone', () => {
    const opened = applyScheduleDetail(emptySchedulesState, detailOf(item('s2', 'nightly')));
    const listed = applySchedulesListed(opened, [item('s1', 'weekly'), item('s3', 'hourly')]);
    expect(listed.list.map((schedule) => schedule.name)).toEqual(['hourly', 'weekly']);
    expect(listed.loaded).toBe(true);
    expect(listed.detailById).toEqual({});
  });

  it('brings the list item up to date with a fetched detail, and forgets a removed schedule', () => {
    const listed = applySchedulesListed(emptySchedulesState, [item('s1', 'nightly')]);
    const paused = applyScheduleDetail(listed, detailOf(item('s1', 'nightly', false)));
    expect(paused.list).toHaveLength(1);
    expect(paused.list[0]?.enabled).toBe(false);
    expect(paused.detailById.s1?.schedule.enabled).toBe(false);
    const removed = applyScheduleRemoved(paused, 's1');
    expect(removed.list).toEqual([]);
    expect(removed.detailById).toEqual({});
  });
});
