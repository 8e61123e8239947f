import type { ApiPushEvent } from '../../shared/api';
import type { Unsubscribe } from '../../shared/channel';
import type { ScheduleListItem } from '../../shared/schedules';
import type { EventBus } from '../../core/events/event-bus';
import { EMPTY_SCHEDULE_TRAY_STATE, type ScheduleTrayState } from './schedule-tray';

/** The next due slot moves on as slots pass, which pushes nothing when a slot is skipped: the list is read again this often. */
export const SCHEDULE_TRAY_REFRESH_MS = 60_000;

/** The schedules as the tray shows them, kept current from the engine. */
export type ScheduleFeed = Readonly<{
  current(): ScheduleTrayState;
  subscribe(listener: (state: ScheduleTrayState) => void): Unsubscribe;
  /** Reads the list again now (after the tray paused or resumed all schedules). */
  refresh(): Promise<void>;
  dispose(): void;
}>;

export type ScheduleFeedSource = Readonly<{
  bus: EventBus;
  /** What `schedules.list` answers. */
  load(): Promise<ReadonlyArray<ScheduleListItem>>;
  onLoadError(error: unknown): void;
  refreshMs?: number;
}>;

/** Whether an event may change what the tray shows of the schedules: a scheduled run changed, or a schedule's notice (watchdog, budget). */
export function touchesSchedules(event: ApiPushEvent): boolean {
  if (event.type === 'run.updated') return event.run.scheduleId !== null && event.run.scheduleId !== undefined;
  return event.type === 'notice' && event.schedule !== undefined;
}

/** Loads the schedules at once, again on events that touch them and every `refreshMs`; a slow answer never overwrites a newer one. */
export function createScheduleFeed(source: ScheduleFeedSource): ScheduleFeed {
  let state = EMPTY_SCHEDULE_TRAY_STATE;
  let asked = 0;
  let disposed = false;
  const listeners = new Set<(state: ScheduleTrayState) => void>();
  const refresh = async (): Promise<void> => {
    const ticket = ++asked;
    try {
      const schedules = await source.load();
      if (disposed || ticket !== asked) return;
      state = { schedules };
      for (const listener of [...listeners]) listener(state);
    } catch (error) {
      if (!disposed) source.onLoadError(error);
    }
  };
  const unsubscribe = source.bus.subscribe((event) => {
    if (touchesSchedules(event)) void refresh();
  });
  const timer = setInterval(() => void refresh(), source.refreshMs ?? SCHEDULE_TRAY_REFRESH_MS);
  timer.unref();
  void refresh();
  return {
    current: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh,
    dispose() {
      disposed = true;
      clearInterval(timer);
      unsubscribe();
      listeners.clear();
    },
  };
}
