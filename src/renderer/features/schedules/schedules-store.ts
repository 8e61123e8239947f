import { createStore, useStore } from 'zustand';
import type { ScheduleDetail, ScheduleListItem } from '../../../shared/schedules';

/** The schedules the engine runs, and the detail (health, last slots) of those a person opened. */
export type SchedulesState = Readonly<{
  /** By name, as `schedules.list` answers them. */
  list: ReadonlyArray<ScheduleListItem>;
  loaded: boolean;
  detailById: Readonly<Record<string, ScheduleDetail>>;
}>;

/** Before `schedules.list` has answered. */
export const emptySchedulesState: SchedulesState = { list: [], loaded: false, detailById: {} };

/** Pure: the state after `schedules.list`, which is always the whole list; details of removed schedules go. */
export function applySchedulesListed(state: SchedulesState, list: ReadonlyArray<ScheduleListItem>): SchedulesState {
  const ids = new Set(list.map((schedule) => schedule.id));
  const detailById = Object.fromEntries(Object.entries(state.detailById).filter(([id]) => ids.has(id)));
  return { list: list.toSorted((a, b) => a.name.localeCompare(b.name)), loaded: true, detailById };
}

/** Pure: the state after `schedules.get`: the detail, and the list item brought up to date with it. */
export function applyScheduleDetail(state: SchedulesState, detail: ScheduleDetail): SchedulesState {
  const item: ScheduleListItem = { ...detail.schedule, health: detail.health };
  const known = state.list.some((schedule) => schedule.id === item.id);
  const list = known
    ? state.list.map((schedule) => (schedule.id === item.id ? item : schedule))
    : [...state.list, item].toSorted((a, b) => a.name.localeCompare(b.name));
  return { ...state, list, detailById: { ...state.detailById, [item.id]: detail } };
}

/** Pure: the state after a schedule was removed. */
export function applyScheduleRemoved(state: SchedulesState, id: string): SchedulesState {
  const { [id]: _removed, ...detailById } = state.detailById;
  return { ...state, list: state.list.filter((schedule) => schedule.id !== id), detailById };
}

/** The schedules feature store (vanilla zustand, STYLE R17). */
export const schedulesStore = createStore<SchedulesState>()(() => emptySchedulesState);

export function receiveSchedulesListed(list: ReadonlyArray<ScheduleListItem>): void {
  schedulesStore.setState((state) => applySchedulesListed(state, list), true);
}

export function receiveScheduleDetail(detail: ScheduleDetail): void {
  schedulesStore.setState((state) => applyScheduleDetail(state, detail), true);
}

export function receiveScheduleRemoved(id: string): void {
  schedulesStore.setState((state) => applyScheduleRemoved(state, id), true);
}

/** Subscribe a component to the smallest slice it needs. */
export function useSchedulesStore<T>(selector: (state: SchedulesState) => T): T {
  return useStore(schedulesStore, selector);
}
