import type { Migration } from './migration';

/**
 * The notifiers a run's events go to, by name (issue 25): a JSON array, or NULL for every notifier configured for the
 * event kind (the runs stored before, and runs that name none). `'[]'` is a run that sends to no notifier.
 */
export const migration0013: Migration = {
  version: 13,
  name: 'run-notify',
  sql: `
    ALTER TABLE runs ADD COLUMN notify TEXT;
  `,
};
