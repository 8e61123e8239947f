import type { RunId } from '../../shared/records';

/** The pages of the app, addressed by the URL hash so the query string (the access token) is never touched. */
export type Route = Readonly<{ page: 'runs' } | { page: 'run'; runId: RunId } | { page: 'new' } | { page: 'approvals' }>;

/** Pure: the route for a `location.hash`; anything unknown is the run list. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '');
  if (path === '/new') return { page: 'new' };
  if (path === '/approvals') return { page: 'approvals' };
  const run = /^\/runs\/([^/]+)$/.exec(path);
  if (run?.[1]) return { page: 'run', runId: decodeURIComponent(run[1]) };
  return { page: 'runs' };
}

/** Pure: the `href` of a route, for links. */
export function hrefFor(route: Route): string {
  switch (route.page) {
    case 'runs':
      return '#/runs';
    case 'new':
      return '#/new';
    case 'approvals':
      return '#/approvals';
    case 'run':
      return `#/runs/${encodeURIComponent(route.runId)}`;
  }
}
