import type { Migration } from './migration';

/**
 * Whether an imported run still waits for the person to confirm its profile, rules, working folder and model
 * before it may resume. A column of its own, so a crashed run can stay `ended` by its crash without a
 * `pause_reason` (an ended run never carries one); runs imported before it are the ones paused as `imported`.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'import-pending',
  sql: `
    ALTER TABLE runs ADD COLUMN import_pending INTEGER NOT NULL DEFAULT 0;
    UPDATE runs SET import_pending = 1 WHERE pause_reason = 'imported';
  `,
};
