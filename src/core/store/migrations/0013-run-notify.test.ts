import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../database';
import { createRunsRepository } from '../runs-repository';
import { migrations } from './index';

describe('migration 0013', () => {
  it('sends the events of stored runs to every notifier and keeps a later run’s chosen notifiers, an empty list included', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autoloop-m13-')), 'autoloop.db');
    const db = new Database(file);
    migrate(
      db,
      file,
      migrations.filter((migration) => migration.version < 13),
    );
    db.prepare(
      `INSERT INTO runs (id, name, template, template_revision, status, limits, permissions, loop, params, model, workdir, created_at)
      VALUES ('r1', 'n', 't', 'x', 'ended', '{}', '{"profile":"ask","rules":[]}', '{}', '{}', 'scripted/x', '/tmp', 'now')`,
    ).run();
    migrate(db, file, migrations);
    const runs = createRunsRepository(db);
    const stored = runs.getRun('r1');
    if (!stored) throw new Error('the run is gone');
    expect(stored.run.notify).toBeUndefined();
    runs.insertRun({ run: { ...stored.run, id: 'r2', notify: ['phone'] }, loop: stored.loop, params: {} });
    runs.insertRun({ run: { ...stored.run, id: 'r3', notify: [] }, loop: stored.loop, params: {} });
    expect(runs.getRun('r2')?.run.notify).toEqual(['phone']);
    expect(runs.getRun('r3')?.run.notify).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
