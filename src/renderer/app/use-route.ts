import { useSyncExternalStore } from 'react';
import { hrefFor, parseRoute, type Route } from './routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
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
