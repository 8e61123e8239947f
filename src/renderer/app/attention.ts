import type { Run } from '../../shared/records';
import { needsLimitsToResume } from '../../shared/run-actions';

/** The page's title with nothing waiting. */
export const APP_TITLE = 'Autoloop';
/** The favicon with nothing waiting: none (the browser's default). */
export const PLAIN_FAVICON = 'data:,';

/** Pure: how many things wait for the person: pending approvals and runs paused by their budget. */
export function attentionCount(pendingApprovals: number, runs: Iterable<Pick<Run, 'status' | 'pauseReason'>>): number {
  let budgetPaused = 0;
  for (const run of runs) if (needsLimitsToResume(run)) budgetPaused += 1;
  return pendingApprovals + budgetPaused;
}

/** Pure: the document title, `(2) Autoloop` while two things wait, `Autoloop` at zero. */
export function attentionTitle(count: number): string {
  return count > 0 ? `(${count}) ${APP_TITLE}` : APP_TITLE;
}

/**
 * Pure: the favicon as a data URL: a filled dot with the count (9+ above nine) while something waits, so the tab
 * says so among others; none at zero. An SVG, so no canvas is needed (the page's CSP allows `data:` images).
 */
export function attentionFavicon(count: number): string {
  if (count <= 0) return PLAIN_FAVICON;
  const label = count > 9 ? '9+' : String(count);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">` +
    `<circle cx="16" cy="16" r="15" fill="#d97706"/>` +
    `<text x="16" y="22" text-anchor="middle" font-family="sans-serif" font-weight="700" font-size="${label.length > 1 ? 14 : 18}" fill="#fff">${label}</text>` +
    `</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
