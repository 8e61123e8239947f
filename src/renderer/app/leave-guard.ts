import { useEffect } from 'react';
import { createStore, useStore } from 'zustand';

/** A page with unsaved work: its hash, and what is unsaved in words ("your changes to nightly"). */
type Guard = Readonly<{ token: symbol; hash: string; what: string }>;

export type LeaveGuardState = Readonly<{
  guard: Guard | null;
  /** Where the person tried to go while the guard held: the question "Leave without saving?" is open. */
  pendingHash: string | null;
}>;

export const leaveGuardStore = createStore<LeaveGuardState>(() => ({ guard: null, pendingHash: null }));

export function useLeaveGuardStore<T>(select: (state: LeaveGuardState) => T): T {
  return useStore(leaveGuardStore, select);
}

/** Puts `hash` back in the address bar without a `hashchange` (so no page renders), keeping `?token=…`. */
function restoreHash(hash: string): void {
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}${hash}`);
}

/**
 * Called on every `hashchange` before the route is read: while a page holds unsaved work, a move away from it is
 * undone (the page stays as it is) and the question is asked instead. True when the move was held back.
 */
export function holdBackLeave(): boolean {
  const { guard } = leaveGuardStore.getState();
  const hash = window.location.hash;
  if (!guard || hash === guard.hash) return false;
  restoreHash(guard.hash);
  leaveGuardStore.setState({ pendingHash: hash });
  return true;
}

/** "Leave without saving": the guard is dropped and the move the person asked for is made. */
export function leaveAnyway(): void {
  const { pendingHash } = leaveGuardStore.getState();
  leaveGuardStore.setState({ guard: null, pendingHash: null });
  if (pendingHash !== null) window.location.hash = pendingHash;
}

/** "Stay": the question closes; the page and its edits are as they were. */
export function stayOnPage(): void {
  leaveGuardStore.setState({ pendingHash: null });
}

/** Drops the guard without asking, for a move that makes the unsaved work moot (the template was deleted). */
export function releaseLeaveGuard(): void {
  leaveGuardStore.setState({ guard: null, pendingHash: null });
}

/** The browser shell's own question when the tab is closed or reloaded; the desktop window hides on close instead. */
function onBeforeUnload(event: BeforeUnloadEvent): void {
  event.preventDefault();
  // Older browsers ask only when returnValue is set.
  event.returnValue = '';
}

/**
 * While `what` is not null, the page has unsaved work: leaving it inside the app asks first (an in-app question,
 * see LeaveGuardDialog), and so does closing or reloading the browser tab.
 */
export function useLeaveGuard(what: string | null): void {
  useEffect(() => {
    if (what === null) return;
    const token = Symbol('leave guard');
    leaveGuardStore.setState({ guard: { token, hash: window.location.hash, what } });
    const isBrowserShell = window.autoloop === undefined;
    if (isBrowserShell) window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      if (isBrowserShell) window.removeEventListener('beforeunload', onBeforeUnload);
      if (leaveGuardStore.getState().guard?.token === token) leaveGuardStore.setState({ guard: null });
    };
  }, [what]);
}
