import type { Migration } from './migration';

/**
 * The MCP servers a run gets, by name (issue 22): a JSON array, `[]` for the runs stored before. The servers' settings
 * live in the settings table (key `mcp`), so this needs no table of its own.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'mcp',
  sql: `
    ALTER TABLE runs ADD COLUMN mcp TEXT NOT NULL DEFAULT '[]';
  `,
};
