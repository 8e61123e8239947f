import type { Migration } from './migration';

/** Who answered a withdrawn request is `cancelled`, as DESIGN §13 names it (engines before said `system`). */
export const migration0014: Migration = {
  version: 14,
  name: 'approval-cancelled',
  sql: `
    UPDATE approvals SET decided_by = 'cancelled' WHERE decided_by = 'system';
  `,
};
