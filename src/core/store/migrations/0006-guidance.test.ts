import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../database';
import { createGuidanceTable } from '../guidance-table';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-retention-approvals-usage';
import { migration0003 } from './0003-run-sandbox';
import { migration0004 } from './0004-import-pending';
import { migration0006 } from './0006-guidance';

describe('migration 0006', () => {
  it('adds the guidance table after 0004 (0005 is another branch’s), keeps existing runs, and applies again harmlessly', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autoloop-m6-')), 'autoloop.db');
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    migrate(db, file, [migration0001, migration0002, migration0003, migration0004]);
    db.prepare(
      `INSERT INTO runs (id, name, template, template_revision, status, limits, permissions, loop, params, model, workdir, created_at)
      VALUES ('r1', 'n', 't', 'x', 'paused', '{}', '{"profile":"ask","rules":[]}', '{}', '{}', 'scripted/x', '/tmp', 'now')`,
    ).run();
    migrate(db, file, [migration0001, migration0002, migration0003, migration0004, migration0006]);
    // Renumbered while merging, it would run again on a file that has it: IF NOT EXISTS keeps that harmless.
    db.exec(migration0006.sql);

    const guidance = createGuidanceTable(db);
    expect(guidance.addGuidance('r1', 'first', 'user', 't1')).toMatchObject({ id: 1, deliveredIteration: null });
    guidance.addGuidance('r1', 'second', 'user', 't2');
    expect(guidance.deliverGuidance('r1', 3).map((note) => [note.id, note.text, note.deliveredIteration])).toEqual([
      [1, 'first', 3],
      [2, 'second', 3],
    ]);
    // Iteration 3 was interrupted and runs again under its number: its notes come again; once done, never more.
    expect(guidance.deliverGuidance('r1', 3).map((note) => note.id)).toEqual([1, 2]);
    expect(guidance.deliverGuidance('r1', 4)).toEqual([]);
    db.prepare("DELETE FROM runs WHERE id = 'r1'").run();
    expect(guidance.listGuidance('r1')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
