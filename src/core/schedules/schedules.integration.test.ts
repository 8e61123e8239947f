import { describe, expect, it } from 'vitest';
import { dispatch } from '../api/dispatch';
import { createMemoryLogger } from '../logger';

import { waitUntil } from '../testing/wait-until';
import { BUSY, COMPLETE, EVERY_2_S, completeAfter, trackHarnesses } from './testing/schedule-harness';

// Real runner processes, six-field cron every 2 s; only the model is scripted.
const TEST_TIMEOUT_MS = 60_000;
const harness = trackHarnesses(TEST_TIMEOUT_MS);

describe('schedules with real runners', () => {
  it(
    'starts a run for each due slot, records it first, and counts a paused stretch as skipped_disabled',
    async () => {
      const target = harness();
      const schedule = await target.create({ name: 'counter', cron: EVERY_2_S, settings: { model: target.model('quick', [COMPLETE]) } });
      expect(schedule).toMatchObject({ enabled: true, catchUp: 'latest', overlap: 'skip', lastRunAt: null });
      const started = await target.waitForSlots('counter', 'two started slots with runs', (slots) => slots.filter((slot) => slot.runId).length >= 2);
      const runs = await Promise.all(started.filter((slot) => slot.runId).map((slot) => target.engine.api['runs.get']({ id: slot.runId ?? '' })));
      expect(runs.every((run) => run.scheduleId === schedule.id && run.name.startsWith('counter @ '))).toBe(true);
      await waitUntil(async () => (await target.engine.api['schedules.get']({ id: 'counter', slots: 0 })).schedule.lastRunAt !== null, 'lastRunAt');

      await target.engine.api['schedules.pause']({ id: 'counter' });
      await new Promise((resolve) => setTimeout(resolve, 4_500));
      await target.engine.api['schedules.resume']({ id: 'counter' });
      const after = await target.slots('counter');
      expect(after.filter((slot) => slot.outcome === 'skipped_disabled').length).toBeGreaterThanOrEqual(2);
      // Every slot time appears once: decided once.
      expect(new Set(after.map((slot) => slot.dueAt)).size).toBe(after.length);
      const detail = await target.engine.api['schedules.get']({ id: 'counter', slots: 50 });
      expect(detail.slots[0]?.dueAt).toBe(after.at(-1)?.dueAt);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'overlap skip records skipped_overlap with its reason while the previous run is active',
    async () => {
      const target = harness();
      // A skipped slot starts no run, so no run event tells an open Schedules page: `schedule.changed` does. Each push is seen
      // with the slots the table held at that moment (the engine publishes right after the write, synchronously).
      const pushes: Array<{ scheduleId: string; skipped: number }> = [];
      const countSkipped = target.engine.db.prepare("SELECT count(*) FROM schedule_slots WHERE outcome = 'skipped_overlap'").pluck();
      target.engine.bus.subscribe((event) => {
        if (event.type === 'schedule.changed') pushes.push({ scheduleId: event.scheduleId, skipped: countSkipped.get() as number });
      });
      const schedule = await target.create({ name: 'skipper', cron: EVERY_2_S, overlap: 'skip', settings: { model: target.model('busy', [BUSY]) } });
      const slots = await target.waitForSlots('skipper', 'a skipped overlap', (all) => all.some((slot) => slot.outcome === 'skipped_overlap'));
      expect(slots.find((slot) => slot.outcome === 'skipped_overlap')?.reason).toContain('previous run of this schedule was still active');
      expect(slots.filter((slot) => slot.outcome === 'started')).toHaveLength(1);
      expect(pushes.every((push) => push.scheduleId === schedule.id)).toBe(true);
      expect(pushes[0]?.skipped).toBe(0);
      expect(pushes.map((push) => push.skipped)).toContain(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'overlap queue keeps one slot waiting and starts it when the previous run ends',
    async () => {
      const target = harness();
      await target.create({ name: 'queuer', cron: EVERY_2_S, overlap: 'queue', settings: { model: target.model('three-seconds', [completeAfter(4_500)]) } });
      const slots = await target.waitForSlots('queuer', 'a queued slot whose run started', (all) =>
        all.some((slot) => slot.outcome === 'queued' && slot.runId),
      );
      const queued = slots.find((slot) => slot.outcome === 'queued' && slot.runId);
      expect(queued?.reason).toContain('started when the previous run');
      expect(slots.some((slot) => slot.outcome === 'skipped_overlap' && slot.reason?.includes('already waits'))).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'overlap replace stops the previous run as replaced and starts the new one',
    async () => {
      const target = harness();
      await target.create({ name: 'replacer', cron: EVERY_2_S, overlap: 'replace', settings: { model: target.model('busy', [BUSY]) } });
      const slots = await target.waitForSlots('replacer', 'two started slots', (all) => all.filter((slot) => slot.runId).length >= 2);
      const first = await target.engine.supervisor.finished(slots[0]?.runId ?? '');
      expect(first).toMatchObject({ status: 'ended', stopReason: 'replaced' });
      expect(slots[1]?.reason).toContain('stopped as replaced');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'blocks a slot whose template was deleted, keeps the schedule, and says what to fix',
    async () => {
      const target = harness();
      await target.engine.api['templates.duplicate']({ name: 'demo-counter', newName: 'my-counter' });
      await target.create({ name: 'mine', template: 'my-counter', cron: EVERY_2_S, settings: { model: target.model('quick', [COMPLETE]) } });
      await target.engine.api['templates.delete']({ name: 'my-counter' });
      const slots = await target.waitForSlots('mine', 'a blocked slot', (all) => all.some((slot) => slot.outcome === 'blocked'));
      expect(slots.find((slot) => slot.outcome === 'blocked')?.reason).toContain('my-counter');
      expect(target.notices.some((notice) => notice.includes('"mine"') && notice.includes('blocked'))).toBe(true);
      expect(await target.engine.api['schedules.list']({})).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );

  it('refuses a schedule whose runs could ask without a timeout outcome, and a bad cron with its column', async () => {
    const target = harness();
    const log = createMemoryLogger();
    const asking = await dispatch(target.engine.api, 'schedules.create', { template: 'demo-counter', cron: '0 3 * * *', settings: { profile: 'ask' } }, log);
    expect(asking).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('--on-approval-timeout deny|pause|stop') } });
    const badCron = await dispatch(target.engine.api, 'schedules.create', { template: 'demo-counter', cron: '0 3 * 13 *' }, log);
    expect(badCron).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { position: 7 }, message: expect.stringContaining('month') } });
    const badZone = await dispatch(target.engine.api, 'schedules.create', { template: 'demo-counter', cron: '0 3 * * *', timezone: 'Moon/Base' }, log);
    expect(badZone).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { field: 'timezone' }, message: expect.stringContaining('IANA') } });
    const pinned = await dispatch(
      target.engine.api,
      'schedules.create',
      { template: 'demo-counter', cron: '0 3 * * *', settings: { profile: 'ask', onApprovalTimeout: 'deny' } },
      log,
    );
    expect(pinned).toMatchObject({ ok: true, value: { settings: { profile: 'ask', onApprovalTimeout: 'deny' } } });
  });

  it('renames a schedule and moves it to another template, checking the name is free and the params against the new template', async () => {
    const target = harness();
    const log = createMemoryLogger();
    const settings = { profile: 'read-only' as const };
    const nightly = await target.create({ name: 'nightly', cron: '0 3 * * *', params: { target: 3 }, settings });
    await target.create({ name: 'weekly', cron: '0 4 * * 1', settings });
    const taken = await dispatch(target.engine.api, 'schedules.update', { id: 'nightly', name: 'weekly' }, log);
    expect(taken).toMatchObject({ ok: false, error: { code: 'conflict', details: { field: 'name' }, message: expect.stringContaining('"weekly" exists') } });
    const renamed = await target.engine.api['schedules.update']({ id: 'nightly', name: 'every night' });
    expect(renamed).toMatchObject({ id: nightly.id, name: 'every night', template: 'demo-counter', params: { target: 3 } });
    expect(await target.engine.api['schedules.update']({ id: nightly.id, name: 'every night' })).toMatchObject({ name: 'every night' });

    const moved = await target.engine.api['schedules.update']({ id: nightly.id, template: 'plan-runner', params: { plan_file: 'TODO.md' } });
    expect(moved).toMatchObject({ id: nightly.id, name: 'every night', template: 'plan-runner', params: { plan_file: 'TODO.md' } });
    expect((await target.engine.api['schedules.get']({ id: 'every night', slots: 0 })).schedule.template).toBe('plan-runner');
    const missing = await dispatch(target.engine.api, 'schedules.update', { id: nightly.id, template: 'no-such-template' }, log);
    expect(missing).toMatchObject({ ok: false, error: { message: expect.stringContaining('no-such-template') } });
    expect((await target.engine.api['schedules.get']({ id: nightly.id, slots: 0 })).schedule.template).toBe('plan-runner');
  });

  it('pauses every enabled schedule and resumes every paused one (the tray), listing each with its health', async () => {
    const target = harness();
    const settings = { profile: 'read-only' as const };
    await target.create({ name: 'nightly', cron: '0 3 * * *', settings });
    await target.create({ name: 'weekly', cron: '0 4 * * 1', settings, enabled: false });
    expect((await target.engine.api['schedules.pauseAll']({})).map((schedule) => schedule.name)).toEqual(['nightly']);
    const paused = await target.engine.api['schedules.list']({});
    expect(paused.map((schedule) => [schedule.name, schedule.enabled, schedule.nextDueAt])).toEqual([
      ['nightly', false, null],
      ['weekly', false, null],
    ]);
    expect(paused[0]?.health).toMatchObject({ overdue: false, spend: { day: 0, week: 0, month: 0 } });
    expect(await target.engine.api['schedules.pauseAll']({})).toEqual([]);
    expect((await target.engine.api['schedules.resumeAll']({})).map((schedule) => schedule.name).sort()).toEqual(['nightly', 'weekly']);
    expect((await target.engine.api['schedules.list']({})).every((schedule) => schedule.enabled && schedule.nextDueAt !== null)).toBe(true);
  });
});
