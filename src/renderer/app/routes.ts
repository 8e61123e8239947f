import type { Route } from '../../shared/routes';

export { hrefFor, parseRoute, type Route } from '../../shared/routes';

/** The pages the sidebar names; a run belongs to Runs and a template to Templates. */
export type Section = 'runs' | 'new' | 'templates' | 'schedules' | 'approvals' | 'settings';

/** Pure: the sidebar section a route belongs to. */
export function sectionOf(route: Route): Section {
  switch (route.page) {
    case 'run':
      return 'runs';
    case 'template':
      return 'templates';
    case 'schedule':
    case 'schedule-form':
      return 'schedules';
    case 'runs':
    case 'new':
    case 'approvals':
    case 'templates':
    case 'schedules':
    case 'settings':
      return route.page;
  }
}
