import { useSyncExternalStore } from 'react';
import { holdBackLeave } from './leave-guard';
import { hrefFor, parseRoute, type Route } from './routes';

/** Re-reads the route on every hash change, except a move away from unsaved work that is held back to ask first. */
function subscribe(onChange: () => void): () => void {
  const listener = (): void => {
    if (!holdBackLeave()) onChange();
  };
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

const currentHash = (): string => window.location.hash;

/** The current route; re-renders when the hash changes. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return parseRoute(hash);
}

/** Goes to a route by changing only the hash, so `?token=…` stays in the URL. */
export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}
