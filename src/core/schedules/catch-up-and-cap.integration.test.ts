import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { Approval } from '../../shared/records';
import type { CatchUp, ScheduleSlotView } from '../../shared/schedules';
import { CreateScheduleParams } from '../../shared/schedules-api';
import { createTempEngine } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';
import { BUSY, COMPLETE, EVERY_2_S, trackHarnesses } from './testing/schedule-harness';

const TEST_TIMEOUT_MS = 60_000;
/** Tests shorten "late by more than a minute" so a few seconds of downtime count as the engine being away. */
const WAKE_LATENESS_MS = 500;
const harness = trackHarnesses(TEST_TIMEOUT_MS);

/** Creates the schedule while no engine runs schedules, keeps the engine stopped across several slots, then starts one. */
async function afterDowntime(catchUp: CatchUp): Promise<ScheduleSlotView[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-catch-up-'));
  const offline = createTempEngine({ dataDir });
  const model = offline.writeScript('quick', { responses: [COMPLETE] });
  await offline.api['schedules.create'](
    CreateScheduleParams.parse({ template: 'demo-counter', name: 'away', cron: EVERY_2_S, timezone: 'UTC', catchUp, settings: { model } }),
  );
  // On a busy machine more slots come due than the default cap of four runs lets start at once; the cap has its own test below.
  await offline.api['settings.set']({ concurrency: { maxConcurrentRuns: 0 } });
  await offline.close();
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const target = harness({ dataDir, scheduleWakeLatenessMs: WAKE_LATENESS_MS });
  const slots = await target.slots('away');
  const firstDecision = slots[0]?.decidedAt;
  const batch = slots.filter((slot) => slot.decidedAt === firstDecision);
  expect(batch.length).toBeGreaterThanOrEqual(2);
  return batch;
}

const isLate = (slot: ScheduleSlotView): boolean => Date.parse(slot.decidedAt) - Date.parse(slot.dueAt) > WAKE_LATENESS_MS;

describe('catch-up after the engine was stopped across several slots', () => {
  it(
    'none records every late slot as missed and starts none of them',
    async () => {
      const late = (await afterDowntime('none')).filter(isLate);
      expect(late.length).toBeGreaterThanOrEqual(2);
      expect(late.every((slot) => slot.outcome === 'missed' && slot.reason?.includes('catch-up: none'))).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'latest starts one slot and records the others as missed',
    async () => {
      const batch = await afterDowntime('latest');
      expect(batch.filter((slot) => slot.outcome === 'started')).toHaveLength(1);
      expect(batch.filter((slot) => slot.outcome !== 'started').every((slot) => slot.outcome === 'missed')).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'all starts every late slot',
    async () => {
      const late = (await afterDowntime('all')).filter(isLate);
      expect(late.length).toBeGreaterThanOrEqual(2);
      const startedByCatchUp: unknown = expect.stringMatching(/^started: .*catch-up: all/);
      expect(late.map((slot) => `${slot.outcome}: ${slot.reason}`)).toEqual(late.map(() => startedByCatchUp));
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the concurrency cap', () => {
  it(
    'queues the fifth run, starts it when one ends, and lets a person start one anyway or take it out of the queue',
    async () => {
      const target = harness();
      const { api } = target.engine;
      await api['settings.set']({ concurrency: { maxConcurrentRuns: 4 } });
      const model = target.model('busy', [BUSY]);
      const start = (name: string) => api['runs.start'](StartRunParams.parse({ template: 'demo-counter', name, model }));
      const first = await start('one');
      for (const name of ['two', 'three', 'four']) await start(name);
      const fifth = await start('five');
      expect(fifth).toMatchObject({ status: 'queued', detail: expect.stringContaining('concurrency cap') });
      await api['runs.stop']({ id: first.id });
      await waitUntil(async () => (await api['runs.get']({ id: fifth.id })).status !== 'queued', 'the fifth run to leave the queue');
      expect((await api['runs.get']({ id: fifth.id })).startedAt).not.toBeNull();

      const sixth = await start('six');
      expect(sixth.status).toBe('queued');
      expect(await api['runs.dequeue']({ id: sixth.id })).toMatchObject({ status: 'ended', stopReason: 'user_stop', startedAt: null });
      const seventh = await start('seven');
      expect(await api['runs.startNow']({ id: seventh.id })).toMatchObject({ status: 'starting' });
      await api['runs.stop']({ id: seventh.id });
      for (const run of (await api['runs.list']({ limit: 200 })).runs) if (run.status !== 'ended') await api['runs.stop']({ id: run.id });
    },
    TEST_TIMEOUT_MS,
  );
});

describe('health and the unattended contract', () => {
  it(
    'blocks slots with reason "budget" once the schedule spent its maxCostUsdPerDay, and reports its spend',
    async () => {
      const target = harness();
      const schedule = await target.create({
        name: 'spender',
        cron: EVERY_2_S,
        maxCostUsdPerDay: 1,
        enabled: false,
        settings: { model: target.model('quick', [COMPLETE]) },
      });
      // A run of the schedule that cost $1.50 an hour ago, as the accountant would have stored it.
      target.engine.db
        .prepare(
          `INSERT INTO runs (id, name, template, template_revision, status, stop_reason, limits, permissions, loop, params, model, workdir, created_at, cost_usd, schedule_id)
          VALUES ('rspent', 'spent', 'demo-counter', 'x', 'ended', 'completed', '{}', '{"profile":"read-only","rules":[]}', '{}', '{}', 'scripted/x', '/tmp', ?, 1.5, ?)`,
        )
        .run(new Date(Date.now() - 3_600_000).toISOString(), schedule.id);
      await target.engine.api['schedules.resume']({ id: 'spender' });
      const slots = await target.waitForSlots('spender', 'a slot blocked by the budget', (all) => all.some((slot) => slot.outcome === 'blocked'));
      expect(slots.filter((slot) => slot.outcome === 'blocked')[0]?.reason).toMatch(/^budget: \$1\.50 of \$1\.00/);
      expect(slots.some((slot) => slot.outcome === 'started')).toBe(false);
      const { health } = await target.engine.api['schedules.get']({ id: 'spender', slots: 0 });
      expect(health.spend).toEqual({ day: 1.5, week: 1.5, month: 1.5 });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'raises the watchdog notice when no run completed in N periods',
    async () => {
      const target = harness();
      await target.create({ name: 'stuck', cron: EVERY_2_S, watchdogPeriods: 2, settings: { model: target.model('busy', [BUSY]) } });
      await waitUntil(
        () => target.notices.some((notice) => notice.includes('"stuck"') && notice.includes('no run completed in the last 2 periods')),
        'the notice',
      );
      const detail = await target.engine.api['schedules.get']({ id: 'stuck', slots: 0 });
      expect(detail.health).toMatchObject({ overdue: true, lastCompletedAt: null });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'shows an approval with the schedule’s name and resolves its timeout by the pinned outcome (decidedBy policy)',
    async () => {
      const target = harness();
      const model = target.model('writes', [{ text: 'Writing.', toolCalls: [{ tool: 'write_file', input: { path: 'x.txt', content: 'x' } }] }, COMPLETE]);
      await target.create({
        name: 'night-writer',
        cron: '0 3 * * *',
        settings: { model, profile: 'ask', onApprovalTimeout: 'deny', approvalTimeoutMs: 500 },
      });
      const requested: Approval[] = [];
      target.engine.bus.subscribe((event) => void (event.type === 'approval.resolved' && requested.push(event.approval)));
      const { slot } = await target.engine.api['schedules.runNow']({ id: 'night-writer' });
      expect(slot).toMatchObject({ outcome: 'started', reason: 'run now, by a person' });
      await waitUntil(() => requested.length > 0, 'the approval to time out');
      expect(requested[0]).toMatchObject({ scheduleName: 'night-writer', status: 'timed_out', decidedBy: 'policy' });
      expect(requested[0]?.reason).toContain("the schedule's unattended outcome: deny");
    },
    TEST_TIMEOUT_MS,
  );
});
