import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-retention-approvals-usage';
import { migration0003 } from './0003-run-sandbox';
import { migration0004 } from './0004-import-pending';
import { migration0007 } from './0007-cache-tokens';
import type { Migration } from './migration';

/** Every migration, in order. Append only: a released migration never changes. */
export const migrations: ReadonlyArray<Migration> = [migration0001, migration0002, migration0003, migration0004, migration0007];
