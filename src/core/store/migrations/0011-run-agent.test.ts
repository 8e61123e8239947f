import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../database';
import { migrations } from '.';

describe('migration 0011', () => {
  it('upgrades a version-10 database with a run: the run was taken by Autoloop’s own agent', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autoloop-m9-')), 'autoloop.db');
    const db = new Database(file);
    const before = migrations.filter((migration) => migration.version < 11);
    migrate(db, file, before);
    db.prepare(
      `INSERT INTO runs (id, name, template, template_revision, status, limits, permissions, loop, params, model, workdir, created_at)
      VALUES ('r1', 'n', 't', 'x', 'ended', '{}', '{"profile":"ask","rules":[]}', '{}', '{}', 'scripted/x', '/tmp', 'now')`,
    ).run();
    migrate(db, file, migrations);
    expect(db.prepare("SELECT agent FROM runs WHERE id = 'r1'").get()).toEqual({ agent: 'autoloop' });
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(migrations.at(-1)?.version);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
