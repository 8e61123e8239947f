import { createStore, useStore } from 'zustand';
import type { Iteration, RunEvent, RunId } from '../../../shared/records';
import { emptyRunActivity, foldActivity, type RunActivity } from '../../../shared/run-activity';
import { appendLogEvents, createLogBuffer, type LogBuffer } from './log/log-buffer';

/** The run that is open in the run view: its iterations and its log. Other runs' pushes are ignored. */
export type RunDetailState = Readonly<{
  runId: RunId | null;
  /** Ascending by `n`, one per `n`. */
  iterations: ReadonlyArray<Iteration>;
  /** Append-only and changed in place (see `LogBuffer`); `logVersion` tells subscribers it grew. */
  log: LogBuffer;
  logVersion: number;
  /** What the log says the agent is doing now (open tool calls, a streaming answer, the last report), for the "now" strip. */
  activity: RunActivity;
  /** While the log is paged in, pushed events wait in `pending` so a page cannot land after newer lines. */
  isLoadingLog: boolean;
  pending: ReadonlyArray<RunEvent>;
  /** Counts pushes that skipped sequence numbers (pushes lost with a dropped socket); each one pages the log in again. */
  refills: number;
}>;

/** No run open. */
export const emptyRunDetailState: RunDetailState = {
  runId: null,
  iterations: [],
  log: createLogBuffer(),
  logVersion: 0,
  activity: emptyRunActivity,
  isLoadingLog: false,
  pending: [],
  refills: 0,
};

/** Pure: open a run. Opening the run that is already open keeps what is known and loads what came after. */
export function applyRunOpened(state: RunDetailState, runId: RunId): RunDetailState {
  if (state.runId === runId) return { ...state, isLoadingLog: true };
  return { ...emptyRunDetailState, runId, log: createLogBuffer(), isLoadingLog: true };
}

/** Pure: close the run if it is still the open one. */
export function applyRunClosed(state: RunDetailState, runId: RunId): RunDetailState {
  return state.runId === runId ? emptyRunDetailState : state;
}

const isFinished = (iteration: Iteration): boolean => iteration.status !== 'running';

function upsertIteration(list: ReadonlyArray<Iteration>, iteration: Iteration): ReadonlyArray<Iteration> {
  const index = list.findIndex((known) => known.n === iteration.n);
  if (index === -1) return [...list, iteration].sort((a, b) => a.n - b.n);
  const known = list[index];
  // An iteration never goes back to running: a late snapshot must not undo a pushed finish.
  if (known && isFinished(known) && !isFinished(iteration)) return list;
  return list.map((item, at) => (at === index ? iteration : item));
}

/** Pure: add or update iterations of the open run (from `runs.iterations` or `run.iteration` pushes). */
export function applyIterations(state: RunDetailState, iterations: ReadonlyArray<Iteration>): RunDetailState {
  const mine = iterations.filter((iteration) => iteration.runId === state.runId);
  if (mine.length === 0) return state;
  return { ...state, iterations: mine.reduce(upsertIteration, state.iterations) };
}

/** The state after events joined the log (appended in place), with the version bumped when it grew. */
function withEvents(state: RunDetailState, events: ReadonlyArray<RunEvent>): RunDetailState {
  const fresh = events.filter((event) => event.seq > state.log.lastSeq).sort((a, b) => a.seq - b.seq);
  if (!appendLogEvents(state.log, fresh)) return state;
  return { ...state, logVersion: state.logVersion + 1, activity: fresh.reduce(foldActivity, state.activity) };
}

/** One page of `runs.events` for the open run. */
export function applyEventsPage(state: RunDetailState, runId: RunId, events: ReadonlyArray<RunEvent>): RunDetailState {
  if (state.runId !== runId) return state;
  return withEvents(state, events);
}

/** The log is paged in; events pushed meanwhile join it now. */
export function applyLogLoaded(state: RunDetailState, runId: RunId): RunDetailState {
  if (state.runId !== runId) return state;
  return { ...withEvents(state, state.pending), isLoadingLog: false, pending: [] };
}

/**
 * A `run.event` push. The engine numbers a run's events without gaps and pushes them in order, so
 * a push that skips numbers means pushes were lost (a dropped socket): it waits with later ones
 * while the log is paged in again from the last line shown.
 */
export function applyEventPushed(state: RunDetailState, event: RunEvent): RunDetailState {
  if (state.runId !== event.runId) return state;
  if (state.isLoadingLog) return { ...state, pending: [...state.pending, event] };
  if (event.seq > state.log.lastSeq + 1) return { ...state, isLoadingLog: true, pending: [event], refills: state.refills + 1 };
  return withEvents(state, [event]);
}

/** The run detail feature store (vanilla zustand, STYLE R17). */
export const runDetailStore = createStore<RunDetailState>()(() => emptyRunDetailState);

const update = (reduce: (state: RunDetailState) => RunDetailState): void => runDetailStore.setState(reduce, true);

/** Called by the run view when it opens a run. */
export function openRunDetail(runId: RunId): void {
  update((state) => applyRunOpened(state, runId));
}

/** Called by the run view when it closes a run. */
export function closeRunDetail(runId: RunId): void {
  update((state) => applyRunClosed(state, runId));
}

/** Records fetched or pushed iterations. */
export function receiveIterations(iterations: ReadonlyArray<Iteration>): void {
  update((state) => applyIterations(state, iterations));
}

/** Records one fetched page of events. */
export function receiveEventsPage(runId: RunId, events: ReadonlyArray<RunEvent>): void {
  update((state) => applyEventsPage(state, runId, events));
}

/** Marks the log as paged in. */
export function receiveLogLoaded(runId: RunId): void {
  update((state) => applyLogLoaded(state, runId));
}

/** Called by the event router, never by components. */
export function receiveEventPushed(event: RunEvent): void {
  update((state) => applyEventPushed(state, event));
}

/** Subscribe a component to the smallest slice it needs. */
export function useRunDetailStore<T>(selector: (state: RunDetailState) => T): T {
  return useStore(runDetailStore, selector);
}
