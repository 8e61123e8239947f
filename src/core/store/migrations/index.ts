import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-retention-approvals-usage';
import { migration0003 } from './0003-run-sandbox';
import { migration0004 } from './0004-import-pending';
import { migration0005 } from './0005-run-worktrees';
import { migration0006 } from './0006-guidance';
import { migration0007 } from './0007-cache-tokens';
import { migration0008 } from './0008-schedules';
import { migration0009 } from './0009-context-mode';
import { migration0010 } from './0010-access-tokens';
import { migration0011 } from './0011-run-agent';
import { migration0012 } from './0012-mcp';
import { migration0013 } from './0013-run-notify';
import { migration0014 } from './0014-approval-cancelled';
import type { Migration } from './migration';

/** Every migration, in order. Append only: a released migration never changes. */
export const migrations: ReadonlyArray<Migration> = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
];
