import type { RunId } from '../../shared/records';

/** The window's pages, as the renderer's hash routes (src/renderer/app/routes.ts) spell them. */
export const APP_ROUTES = {
  runs: '#/runs',
  newRun: '#/new',
  approvals: '#/approvals',
  settings: '#/settings',
} as const;

/** The hash route of one run's page. */
export function runRoute(runId: RunId): string {
  return `#/runs/${encodeURIComponent(runId)}`;
}
