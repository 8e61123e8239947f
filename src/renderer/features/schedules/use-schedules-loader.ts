import { useEffect, useState } from 'react';
import type { ApiPushEvent } from '../../../shared/api';
import { assertNever } from '../../../shared/assert';
import { messageOf } from '../../../shared/errors';
import { useApiClient } from '../../api/api-context';
import type { ApiClient } from '../../api/create-api-client';
import { useConnectionStore } from '../../api/connection-store';
import { receiveScheduleDetail, receiveSchedulesListed } from './schedules-store';

/**
 * How often an open Schedules page asks again without being told to. The engine pushes `schedule.changed` after every write to a
 * schedule or its slots (a skipped slot included) and `run.updated` for a scheduled run, so this only catches health that changes
 * with the clock alone (a schedule becoming overdue while its engine is asleep).
 */
export const SCHEDULES_REFRESH_MS = 30_000;

/** Pushes that arrive together (a catch-up records many slots) cause one refresh after this pause. */
export const SCHEDULES_COALESCE_MS = 150;

/** Whether a pushed event changes what the Schedules page (`id` null) or one schedule's page shows. */
export function concernsSchedules(event: ApiPushEvent, id: string | null): boolean {
  const about = (scheduleId: string | null | undefined): boolean => scheduleId != null && (id === null || scheduleId === id);
  switch (event.type) {
    case 'schedule.changed':
      return about(event.scheduleId);
    case 'run.updated':
      return about(event.run.scheduleId);
    case 'notice':
      return about(event.schedule?.id);
    case 'run.deleted':
    case 'run.iteration':
    case 'run.event':
    case 'approval.requested':
    case 'approval.resolved':
      return false;
    default:
      return assertNever(event, 'ApiPushEvent');
  }
}

/** The slots a schedule's page shows. */
export const SLOTS_SHOWN = 50;

/** Fetches the schedule list into the store. */
export async function refreshSchedules(api: ApiClient): Promise<void> {
  receiveSchedulesListed(await api.call('schedules.list', {}));
}

/** Fetches one schedule's detail (health and its last slots) into the store. */
export async function refreshSchedule(api: ApiClient, id: string): Promise<void> {
  receiveScheduleDetail(await api.call('schedules.get', { id, slots: SLOTS_SHOWN }));
}

/**
 * Keeps the store current while the page is open: at once, after each reconnect, when the engine pushes a change to the schedules
 * shown, and every SCHEDULES_REFRESH_MS; returns the last error.
 */
export function useSchedulesRefresh(id: string | null): string | null {
  const api = useApiClient();
  const reconnects = useConnectionStore((state) => state.reconnects);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    const load = (): void => {
      (id === null ? refreshSchedules(api) : refreshSchedule(api, id)).then(
        () => isCurrent && setError(null),
        (failure: unknown) => isCurrent && setError(`Could not load ${id === null ? 'the schedules' : 'the schedule'}: ${messageOf(failure)}`),
      );
    };
    load();
    const timer = setInterval(load, SCHEDULES_REFRESH_MS);
    let pending: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = api.onEvent((event) => {
      if (pending !== null || !concernsSchedules(event, id)) return;
      pending = setTimeout(() => {
        pending = null;
        load();
      }, SCHEDULES_COALESCE_MS);
    });
    return () => {
      isCurrent = false;
      clearInterval(timer);
      if (pending !== null) clearTimeout(pending);
      unsubscribe();
    };
  }, [api, id, reconnects]);
  return error;
}
