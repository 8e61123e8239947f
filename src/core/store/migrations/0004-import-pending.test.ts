import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../database';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-retention-approvals-usage';
import { migration0003 } from './0003-run-sandbox';
import { migration0004 } from './0004-import-pending';

describe('migration 0004', () => {
  it('marks the runs paused as imported as waiting for confirmation, and no other run', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autoloop-m4-')), 'autoloop.db');
    const db = new Database(file);
    migrate(db, file, [migration0001, migration0002, migration0003]);
    const insert =
      db.prepare(`INSERT INTO runs (id, name, template, template_revision, status, pause_reason, limits, permissions, loop, params, model, workdir, created_at)
      VALUES (?, 'n', 't', 'x', 'paused', ?, '{}', '{"profile":"ask","rules":[]}', '{}', '{}', 'scripted/x', '/tmp', 'now')`);
    insert.run('imported', 'imported');
    insert.run('budget', 'budget');
    migrate(db, file, [migration0001, migration0002, migration0003, migration0004]);
    expect(db.prepare('SELECT id, import_pending FROM runs ORDER BY id').all()).toEqual([
      { id: 'budget', import_pending: 0 },
      { id: 'imported', import_pending: 1 },
    ]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
