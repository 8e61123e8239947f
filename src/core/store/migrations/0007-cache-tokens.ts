import type { Migration } from './migration';

/**
 * Prompt-cache tokens per run and per iteration (issue #19): the part of the input tokens the
 * provider read from its cache and the part it wrote to it, priced at their own rates. Runs and
 * iterations stored before count 0 of each. Numbered 7: 5 and 6 were reserved by parallel work,
 * and `migrate` applies every migration the file has not recorded, so a gap filled later still runs.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'cache-tokens',
  sql: `
    ALTER TABLE runs ADD COLUMN cache_read_tokens INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE runs ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE iterations ADD COLUMN cache_read_tokens INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE iterations ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;
  `,
};
