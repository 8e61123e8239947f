import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiPushEvent } from '../../../shared/api';
import { CreateScheduleParams } from '../../../shared/schedules-api';
import type { ScheduleSlotView } from '../../../shared/schedules';
import type { ScriptedResponse } from '../../../shared/scripted-script';
import { afterAll, expect } from 'vitest';
import { type TempEngine, createTempEngine, isProcessAlive } from '../../testing/temp-engine';
import { waitUntil } from '../../testing/wait-until';

/** Every 2 s: six fields, seconds first (the tests and demos). */
export const EVERY_2_S = '*/2 * * * * *';

/** A model turn that ends the run at once. */
export const COMPLETE: ScriptedResponse = { text: 'Done.', toolCalls: [{ tool: 'complete', input: { reason: 'done' } }] };
/** A model turn that takes `ms`, then ends the run. */
export const completeAfter = (ms: number): ScriptedResponse => ({ ...COMPLETE, delayMs: ms });
/** A model turn that keeps the run busy for a minute (a stop aborts it). */
export const BUSY: ScriptedResponse = { delayMs: 60_000, text: 'still working' };

export type ScheduleHarness = Readonly<{
  engine: TempEngine;
  notices: string[];
  model(name: string, responses: ScriptedResponse[]): string;
  create(params: Partial<CreateScheduleParams> & Pick<CreateScheduleParams, 'cron'>): ReturnType<TempEngine['api']['schedules.create']>;
  /** The schedule's slots, oldest first. */
  slots(ref: string): Promise<ScheduleSlotView[]>;
  waitForSlots(ref: string, what: string, condition: (slots: ScheduleSlotView[]) => boolean, timeoutMs?: number): Promise<ScheduleSlotView[]>;
  /** Pauses every schedule and waits for the starts in flight, so nothing starts while the engine is disposed. */
  quiesce(): Promise<void>;
}>;

/** A temp engine that runs schedules, with the demo-counter template and scripted models in a temp working folder. */
export function createScheduleHarness(options: Parameters<typeof createTempEngine>[0] = {}): ScheduleHarness {
  const engine = createTempEngine({ runSchedules: true, ...options });
  const workdir = mkdtempSync(join(tmpdir(), 'autoloop-schedule-work-'));
  const notices: string[] = [];
  engine.bus.subscribe((event: ApiPushEvent) => {
    if (event.type === 'notice') notices.push(event.message);
  });
  const slots = async (ref: string): Promise<ScheduleSlotView[]> => (await engine.api['schedules.slots']({ id: ref, limit: 1_000 })).toReversed();
  return {
    engine,
    notices,
    model: (name, responses) => engine.writeScript(name, { responses, whenExhausted: 'repeat-last' }),
    create: (params) =>
      engine.api['schedules.create'](
        CreateScheduleParams.parse({
          template: 'demo-counter',
          timezone: 'UTC',
          ...params,
          settings: { workdir, loop: { intervalMs: 0 }, ...params.settings },
        }),
      ),
    slots,
    async waitForSlots(ref, what, condition, timeoutMs = 20_000) {
      let last: ScheduleSlotView[] = [];
      try {
        await waitUntil(async () => condition((last = await slots(ref))), what, timeoutMs);
      } catch (error) {
        throw new Error(`${String(error)}; slots so far: ${JSON.stringify(last.map((slot) => [slot.dueAt, slot.outcome, slot.runId, slot.reason]))}`);
      }
      return last;
    },
    async quiesce() {
      for (const schedule of await engine.api['schedules.list']({})) await engine.api['schedules.pause']({ id: schedule.id });
      await waitUntil(
        () => engine.db.prepare("SELECT count(*) FROM runs WHERE status IN ('queued', 'starting')").pluck().get() === 0,
        'no run starting',
        15_000,
      );
    },
  };
}

/**
 * A test file's harness maker: every harness it makes is quiesced and disposed after the file's tests, and
 * no runner process any of them started may outlive that.
 */
export function trackHarnesses(timeoutMs: number): (...args: Parameters<typeof createScheduleHarness>) => ScheduleHarness {
  const harnesses: ScheduleHarness[] = [];
  afterAll(async () => {
    const pids = harnesses.flatMap((made) => made.engine.pids);
    for (const made of harnesses) await made.quiesce();
    await Promise.all(harnesses.map((made) => made.engine.dispose()));
    expect(pids.filter(isProcessAlive)).toEqual([]);
  }, timeoutMs);
  return (...args) => {
    const made = createScheduleHarness(...args);
    harnesses.push(made);
    return made;
  };
}
