import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../database';
import { migrations } from './index';
import { migration0009 } from './0009-context-mode';

describe('migration 0009', () => {
  it('upgrades a version-8 database with a run: the run carried its conversation', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autoloop-m9-')), 'autoloop.db');
    const db = new Database(file);
    const before = migrations.filter((migration) => migration.version < migration0009.version);
    migrate(db, file, before);
    db.prepare(
      `INSERT INTO runs (id, name, template, template_revision, status, limits, permissions, loop, params, model, workdir, created_at)
      VALUES ('r1', 'n', 't', 'x', 'ended', '{}', '{"profile":"ask","rules":[]}', '{}', '{}', 'scripted/x', '/tmp', 'now')`,
    ).run();
    migrate(db, file, [...before, migration0009]);
    expect(db.prepare("SELECT context FROM runs WHERE id = 'r1'").pluck().get()).toBe('carry');
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(9);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
