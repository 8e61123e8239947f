import { createStore, useStore } from 'zustand';

/** One notice pushed by the engine, numbered by the window. */
export type Notice = Readonly<{ id: number; level: 'info' | 'warning' | 'error'; message: string }>;

/** The notices on screen, oldest first. */
export type NoticesState = Readonly<{ notices: ReadonlyArray<Notice>; nextId: number }>;

/** No notices. */
export const emptyNoticesState: NoticesState = { notices: [], nextId: 1 };

/** Only the latest notices stay on screen; older ones are in the engine log. */
export const NOTICES_SHOWN_MAX = 5;

/** Pure: the state after a `notice` push. */
export function applyNotice(state: NoticesState, notice: Omit<Notice, 'id'>): NoticesState {
  const notices = [...state.notices, { ...notice, id: state.nextId }].slice(-NOTICES_SHOWN_MAX);
  return { notices, nextId: state.nextId + 1 };
}

/** Pure: the state after the person dismissed a notice. */
export function applyNoticeDismissed(state: NoticesState, id: number): NoticesState {
  return { ...state, notices: state.notices.filter((notice) => notice.id !== id) };
}

/** The notices feature store (vanilla zustand, STYLE R17). */
export const noticesStore = createStore<NoticesState>()(() => emptyNoticesState);

/** Called by the event router, never by components. */
export function receiveNotice(notice: Omit<Notice, 'id'>): void {
  noticesStore.setState((state) => applyNotice(state, notice), true);
}

/** Removes one notice from the screen. */
export function dismissNotice(id: number): void {
  noticesStore.setState((state) => applyNoticeDismissed(state, id), true);
}

/** Subscribe a component to the smallest slice it needs. */
export function useNoticesStore<T>(selector: (state: NoticesState) => T): T {
  return useStore(noticesStore, selector);
}
