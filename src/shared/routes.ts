import type { RunId } from './records';

/**
 * The pages of the app, addressed by the URL hash so the query string (the access token) is never
 * touched. The window's router reads them; the Electron shell (tray, notifications, deep links,
 * the app menu) writes them.
 */
export type Route = Readonly<
  | { page: 'runs' }
  | { page: 'run'; runId: RunId }
  /** The run page's Changes tab: the whole run's diff, or one iteration's. */
  | { page: 'run'; runId: RunId; tab: 'changes'; iteration: number | null }
  | { page: 'new' }
  /** The new-run form opened on one template (a template card's Run button). */
  | { page: 'new'; template: string }
  /** The new-run form prefilled with an ended run's settings ("Run again with these settings"). */
  | { page: 'new'; againRunId: RunId }
  | { page: 'approvals' }
  | { page: 'templates' }
  | { page: 'template'; name: string }
  | { page: 'settings' }
  | { page: 'schedules' }
  /** One schedule: its health and its last slots. */
  | { page: 'schedule'; id: string }
  /** The schedule form: a new schedule (id null) or one to edit. */
  | { page: 'schedule-form'; id: string | null }
  /** Settings, scrolled to one provider with its form open (a run whose key was refused links here). */
  | { page: 'settings'; provider: string }
>;

/** Pure: the route for a `location.hash`; anything unknown is the run list. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '');
  if (path === '/new') return { page: 'new' };
  const newFromTemplate = /^\/new\/template\/([^/]+)$/.exec(path);
  if (newFromTemplate?.[1]) return { page: 'new', template: decodeURIComponent(newFromTemplate[1]) };
  const again = /^\/new\/again\/([^/]+)$/.exec(path);
  if (again?.[1]) return { page: 'new', againRunId: decodeURIComponent(again[1]) };
  if (path === '/approvals') return { page: 'approvals' };
  if (path === '/templates') return { page: 'templates' };
  if (path === '/settings') return { page: 'settings' };
  if (path === '/schedules') return { page: 'schedules' };
  if (path === '/schedules/new') return { page: 'schedule-form', id: null };
  const scheduleEdit = /^\/schedules\/([^/]+)\/edit$/.exec(path);
  if (scheduleEdit?.[1]) return { page: 'schedule-form', id: decodeURIComponent(scheduleEdit[1]) };
  const schedule = /^\/schedules\/([^/]+)$/.exec(path);
  if (schedule?.[1]) return { page: 'schedule', id: decodeURIComponent(schedule[1]) };
  const changes = /^\/runs\/([^/]+)\/changes(?:\/([1-9]\d{0,8}))?$/.exec(path);
  if (changes?.[1]) return { page: 'run', runId: decodeURIComponent(changes[1]), tab: 'changes', iteration: changes[2] ? Number(changes[2]) : null };
  const run = /^\/runs\/([^/]+)$/.exec(path);
  if (run?.[1]) return { page: 'run', runId: decodeURIComponent(run[1]) };
  const provider = /^\/settings\/providers\/([^/]+)$/.exec(path);
  if (provider?.[1]) return { page: 'settings', provider: decodeURIComponent(provider[1]) };
  const template = /^\/templates\/([^/]+)$/.exec(path);
  if (template?.[1]) return { page: 'template', name: decodeURIComponent(template[1]) };
  return { page: 'runs' };
}

/** Pure: the `href` of a route, for links. */
export function hrefFor(route: Route): string {
  switch (route.page) {
    case 'runs':
      return '#/runs';
    case 'new':
      if ('template' in route) return `#/new/template/${encodeURIComponent(route.template)}`;
      return 'againRunId' in route ? `#/new/again/${encodeURIComponent(route.againRunId)}` : '#/new';
    case 'approvals':
      return '#/approvals';
    case 'templates':
      return '#/templates';
    case 'settings':
      return 'provider' in route ? `#/settings/providers/${encodeURIComponent(route.provider)}` : '#/settings';
    case 'run':
      if ('tab' in route) return `#/runs/${encodeURIComponent(route.runId)}/changes${route.iteration === null ? '' : `/${route.iteration}`}`;
      return `#/runs/${encodeURIComponent(route.runId)}`;
    case 'template':
      return `#/templates/${encodeURIComponent(route.name)}`;
    case 'schedules':
      return '#/schedules';
    case 'schedule':
      return `#/schedules/${encodeURIComponent(route.id)}`;
    case 'schedule-form':
      return route.id === null ? '#/schedules/new' : `#/schedules/${encodeURIComponent(route.id)}/edit`;
  }
}
