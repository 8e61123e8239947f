import { CATCH_UP_ALL_MAX, type CatchUp, type Overlap } from '../../shared/schedules';
import type { DueSlots } from './cron-expression';

/** A timer that fires later than this after its slot means the engine was asleep or away: the slot is caught up, not run on time. */
export const WAKE_LATENESS_MS = 60_000;

/** What to do with one due slot. `start` records `started` (or `blocked` when the run cannot start); `queue` records `queued`. */
export type SlotDecision = Readonly<
  | { dueAt: Date; action: 'start'; replacePrevious: boolean; reason: string | null }
  | { dueAt: Date; action: 'queue'; reason: string }
  | { dueAt: Date; action: 'skipped_overlap' | 'missed' | 'skipped_disabled'; reason: string }
>;

/** What the decision reads; the caller gathers it from the store and the clock. */
export type SlotInput = Readonly<{
  now: Date;
  enabled: boolean;
  catchUp: CatchUp;
  overlap: Overlap;
  /** The slots due since the last decided one. */
  due: DueSlots;
  /** A run of the schedule is active, or waits in the concurrency queue. */
  previousActive: boolean;
  /** A slot already waits for the previous run to end (overlap `queue`). */
  slotWaiting: boolean;
  /** Lateness that makes a slot a catch-up; WAKE_LATENESS_MS unless a test shortens it. */
  wakeLatenessMs?: number;
}>;

function isLate(slot: Date, now: Date, wakeLatenessMs: number): boolean {
  return now.getTime() - slot.getTime() > wakeLatenessMs;
}

/** Overlap rules for a slot decided on time (or the one `latest` catches up), updating the running state. */
function decideOverlap(dueAt: Date, overlap: Overlap, state: { active: boolean; waiting: boolean }, startReason: string | null): SlotDecision {
  if (!state.active) {
    state.active = true;
    return { dueAt, action: 'start', replacePrevious: false, reason: startReason };
  }
  switch (overlap) {
    case 'skip':
      return { dueAt, action: 'skipped_overlap', reason: 'the previous run of this schedule was still active (overlap: skip)' };
    case 'queue':
      if (state.waiting) return { dueAt, action: 'skipped_overlap', reason: 'a slot already waits for the previous run to end (overlap: queue keeps one)' };
      state.waiting = true;
      return { dueAt, action: 'queue', reason: 'waits for the previous run to end (overlap: queue)' };
    case 'replace':
      return { dueAt, action: 'start', replacePrevious: true, reason: 'the previous run was stopped as replaced (overlap: replace)' };
  }
}

function describeWindow(earlier: NonNullable<DueSlots['earlier']>): string {
  return `every slot from ${earlier.from.toISOString()} to ${earlier.to.toISOString()}`;
}

/**
 * Decides every slot that came due since the last decision, oldest first (pure). Slots more than WAKE_LATENESS_MS late came due while
 * the engine was away or asleep and follow `catchUp`: `none` records them missed; `latest` starts the last one unless a slot on time
 * follows; `all` starts each of the last CATCH_UP_ALL_MAX (no overlap rule: each was asked for). Slots on time follow `overlap`.
 * Too many slots to list are recorded as one `missed` (or `skipped_disabled`) row for the oldest, naming the window.
 */
export function decideSlots(input: SlotInput): SlotDecision[] {
  const { due, now } = input;
  const decisions: SlotDecision[] = [];
  if (!input.enabled) {
    if (due.earlier)
      decisions.push({ dueAt: due.earlier.from, action: 'skipped_disabled', reason: `the schedule was paused (${describeWindow(due.earlier)})` });
    for (const dueAt of due.slots) decisions.push({ dueAt, action: 'skipped_disabled', reason: 'the schedule was paused' });
    return decisions;
  }
  if (due.earlier) {
    decisions.push({
      dueAt: due.earlier.from,
      action: 'missed',
      reason: `${describeWindow(due.earlier)} came due while the engine was away; too many to catch up`,
    });
  }
  const lateness = input.wakeLatenessMs ?? WAKE_LATENESS_MS;
  const late = due.slots.filter((slot) => isLate(slot, now, lateness));
  const onTime = due.slots.filter((slot) => !isLate(slot, now, lateness));
  const state = { active: input.previousActive, waiting: input.slotWaiting };
  switch (input.catchUp) {
    case 'none':
      for (const dueAt of late) decisions.push({ dueAt, action: 'missed', reason: 'the engine was not running or the machine slept (catch-up: none)' });
      break;
    case 'latest':
      late.forEach((dueAt, index) => {
        const last = index === late.length - 1 && onTime.length === 0;
        decisions.push(
          last
            ? decideOverlap(dueAt, input.overlap, state, 'caught up after the engine was away (catch-up: latest)')
            : { dueAt, action: 'missed', reason: 'a later slot ran instead (catch-up: latest)' },
        );
      });
      break;
    case 'all':
      late.forEach((dueAt, index) => {
        if (index < late.length - CATCH_UP_ALL_MAX) {
          decisions.push({ dueAt, action: 'missed', reason: `catch-up: all starts at most the last ${CATCH_UP_ALL_MAX} slots` });
          return;
        }
        state.active = true;
        decisions.push({ dueAt, action: 'start', replacePrevious: false, reason: 'caught up after the engine was away (catch-up: all)' });
      });
      break;
  }
  for (const dueAt of onTime) decisions.push(decideOverlap(dueAt, input.overlap, state, null));
  return decisions;
}
