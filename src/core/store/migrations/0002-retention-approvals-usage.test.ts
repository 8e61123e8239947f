import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../database';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-retention-approvals-usage';

describe('migration 0002', () => {
  it('upgrades a version-1 database with data: counts the existing event bytes and adds the new tables', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autoloop-m2-')), 'autoloop.db');
    const db = new Database(file);
    migrate(db, file, [migration0001]);
    db.prepare(
      `INSERT INTO runs (id, name, template, template_revision, status, limits, permissions, loop, params, model, workdir, created_at)
      VALUES ('r1', 'n', 't', 'x', 'ended', '{}', '{"profile":"ask","rules":[]}', '{}', '{}', 'scripted/x', '/tmp', 'now')`,
    ).run();
    db.prepare("INSERT INTO events (run_id, seq, iteration, kind, data, at) VALUES ('r1', 1, 1, 'text', '{\"text\":\"hello\"}', 'now')").run();
    migrate(db, file, [migration0001, migration0002]);
    expect(db.prepare("SELECT events_bytes, events_dropped FROM runs WHERE id = 'r1'").get()).toEqual({ events_bytes: 16, events_dropped: 0 });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['approvals', 'usage_daily']));
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual([1, 2]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
