import { useEffect, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import { useApiClient } from '../../api/api-context';
import type { ApiClient } from '../../api/create-api-client';
import { useConnectionStore } from '../../api/connection-store';
import { receiveScheduleDetail, receiveSchedulesListed } from './schedules-store';

/**
 * How often an open Schedules page asks again. Slots are decided by the engine's clock and a skipped slot pushes no run event,
 * so the page polls while it is open (and only then).
 */
export const SCHEDULES_REFRESH_MS = 1_000;

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

/** Keeps the store current while the page is open: at once, after each reconnect, and every SCHEDULES_REFRESH_MS; returns the last error. */
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
    return () => {
      isCurrent = false;
      clearInterval(timer);
    };
  }, [api, id, reconnects]);
  return error;
}
