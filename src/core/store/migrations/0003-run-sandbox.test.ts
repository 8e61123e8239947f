import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../database';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-retention-approvals-usage';
import { migration0003 } from './0003-run-sandbox';

describe('migration 0003', () => {
  it('upgrades a version-2 database with a run: the run had no sandbox, no allowed hosts and no passed variables', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autoloop-m3-')), 'autoloop.db');
    const db = new Database(file);
    migrate(db, file, [migration0001, migration0002]);
    db.prepare(
      `INSERT INTO runs (id, name, template, template_revision, status, limits, permissions, loop, params, model, workdir, created_at)
      VALUES ('r1', 'n', 't', 'x', 'ended', '{}', '{"profile":"ask","rules":[]}', '{}', '{}', 'scripted/x', '/tmp', 'now')`,
    ).run();
    migrate(db, file, [migration0001, migration0002, migration0003]);
    expect(db.prepare("SELECT sandbox, network, pass_env FROM runs WHERE id = 'r1'").get()).toEqual({ sandbox: 'none', network: '[]', pass_env: '[]' });
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual([1, 2, 3]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
