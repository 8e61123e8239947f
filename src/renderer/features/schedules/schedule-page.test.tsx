// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScheduleDetail, ScheduleListItem, ScheduleSlotView } from '../../../shared/schedules';
import { buildScheduleListItem } from '../../../shared/testing/build-schedule';
import { createFakeApiClient } from '../../testing/fake-api-client';
import { click, getButton, renderWithApi, type Rendered } from '../../testing/render';
import { SchedulePage, slotEndText } from './schedule-page';
import { SchedulesPage } from './schedules-page';
import { emptySchedulesState, schedulesStore } from './schedules-store';

const health = (overdue: boolean) => ({ lastCompletedAt: null, periodsWithoutCompletion: overdue ? 4 : 0, overdue, spend: { day: 0.5, week: 1.25, month: 3 } });
const nightly: ScheduleListItem = buildScheduleListItem({
  settings: { profile: 'ask', onApprovalTimeout: 'deny' },
  nextDueAt: '2026-01-06T03:00:00.000Z',
  health: health(true),
});
const slot = (dueAt: string, changes: Partial<ScheduleSlotView>): ScheduleSlotView => ({
  scheduleId: 's1',
  dueAt,
  outcome: 'started',
  runId: null,
  reason: null,
  decidedAt: dueAt,
  runStatus: null,
  stopReason: null,
  durationMs: null,
  costUsd: null,
  ...changes,
});
const { health: nightlyHealth, ...nightlySchedule } = nightly;
const detail: ScheduleDetail = {
  schedule: nightlySchedule,
  health: nightlyHealth,
  slots: [
    slot('2026-01-05T03:00:02.000Z', { outcome: 'skipped_overlap', reason: 'the previous run of this schedule was still active (overlap: skip)' }),
    slot('2026-01-05T03:00:00.000Z', { runId: 'r1', runStatus: 'ended', stopReason: 'completed', durationMs: 3_300, costUsd: 0.02 }),
  ],
};

describe('the Schedules pages', () => {
  let rendered: Rendered | null = null;
  beforeEach(() => schedulesStore.setState(emptySchedulesState, true));
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('lists each schedule with its rule in words, state, watchdog and spend over 1 / 7 / 30 days', async () => {
    rendered = await renderWithApi(<SchedulesPage />, createFakeApiClient({ 'schedules.list': () => [nightly] }));
    const row = rendered.container.querySelector('[data-testid="schedule-nightly"]');
    expect(row?.textContent).toContain('every day at 03:00');
    expect(row?.textContent).toContain('Enabled');
    expect(row?.textContent).toContain('No run completed in 4 periods');
    expect(row?.textContent).toContain('$0.50 · $1.25 · $3.00');
    expect(rendered.container.querySelector('[data-testid="schedules-unhealthy"]')?.textContent).toContain('nightly has had no completed run');
  });

  it('shows the slots newest first in words with their run, and a sparkline whose name sums them up', async () => {
    rendered = await renderWithApi(<SchedulePage id="s1" />, createFakeApiClient({ 'schedules.get': () => detail }));
    const rows = [...rendered.container.querySelectorAll('[data-testid="schedule-slot"]')];
    expect(rows.map((row) => row.getAttribute('data-outcome'))).toEqual(['skipped_overlap', 'started']);
    expect(rows[0]?.textContent).toContain('previous run of this schedule was still active');
    expect(rows[1]?.querySelector('a')?.getAttribute('href')).toBe('#/runs/r1');
    expect(rows[1]?.textContent).toContain('3.3 s');
    const sparkline = rendered.container.querySelector('[data-testid="outcome-sparkline"] svg');
    expect(sparkline?.getAttribute('aria-label')).toBe('Last 2 slots: 1 started a run, 1 skipped: overlap');
    expect(sparkline?.getAttribute('data-marks')).toBe('SO');
    expect(rendered.container.querySelector('[data-testid="schedule-watchdog"]')).not.toBeNull();
  });

  it('pauses the schedule and removes it only after a confirmation', async () => {
    const client = createFakeApiClient({
      'schedules.get': () => detail,
      'schedules.pause': () => ({ ...nightlySchedule, enabled: false, nextDueAt: null }),
      'schedules.remove': ({ id }) => ({ id }),
    });
    rendered = await renderWithApi(<SchedulePage id="s1" />, client);
    await click(getButton(rendered.container, 'Pause schedule'));
    expect(client.calls.map((call) => call.method)).toContain('schedules.pause');
    await click(getButton(rendered.container, 'Remove…'));
    expect(client.calls.some((call) => call.method === 'schedules.remove')).toBe(false);
    await click(getButton(rendered.container, 'Remove schedule'));
    await act(async () => undefined);
    expect(client.calls.at(-1)).toEqual({ method: 'schedules.remove', params: { id: 's1' } });
    expect(window.location.hash).toBe('#/schedules');
  });

  it('says how a slot’s run ended', () => {
    expect(slotEndText({ runId: 'r1', runStatus: 'ended', stopReason: 'replaced' })).toContain('eplaced');
    expect(slotEndText({ runId: 'r1', runStatus: 'running', stopReason: null })).toBe('running');
    expect(slotEndText({ runId: null, runStatus: null, stopReason: null })).toBe('');
  });
});
