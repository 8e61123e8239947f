import type { Migration } from './migration';

/**
 * What each iteration of a run remembers of the ones before (issue: fresh-context loops): the
 * conversation (`carry`), the earlier iterations' summaries, or nothing (`fresh`). Runs from before carried it.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'context-mode',
  sql: `
    ALTER TABLE runs ADD COLUMN context TEXT NOT NULL DEFAULT 'carry';
  `,
};
