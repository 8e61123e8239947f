import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../database';
import { createRunsRepository } from '../runs-repository';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-retention-approvals-usage';
import { migration0003 } from './0003-run-sandbox';
import { migration0004 } from './0004-import-pending';
import { migration0007 } from './0007-cache-tokens';
import { migrations } from './index';

const BEFORE = [migration0001, migration0002, migration0003, migration0004];

function olderDatabase() {
  const file = join(mkdtempSync(join(tmpdir(), 'autoloop-m7-')), 'autoloop.db');
  const db = new Database(file);
  migrate(db, file, BEFORE);
  db.prepare(
    `INSERT INTO runs (id, name, template, template_revision, status, limits, permissions, loop, params, model, workdir, created_at, input_tokens)
    VALUES ('r1', 'n', 't', 'x', 'ended', '{}', '{"profile":"ask","rules":[]}', '{}', '{}', 'anthropic/claude-sonnet-4-5', '/tmp', 'now', 1200)`,
  ).run();
  db.prepare(`INSERT INTO iterations (run_id, n, status, summary, input_tokens, started_at) VALUES ('r1', 1, 'ok', 'did it', 1200, 'now')`).run();
  return { db, file };
}

describe('migration 0007', () => {
  it('gives stored runs and iterations zero cache tokens and keeps everything else', () => {
    const { db, file } = olderDatabase();
    // 0007 and the others: the repository reads the current schema.
    migrate(db, file, migrations);
    const runs = createRunsRepository(db);
    expect(runs.getRun('r1')?.run).toMatchObject({ inputTokens: 1200, cacheReadTokens: 0, cacheWriteTokens: 0 });
    expect(runs.listIterations('r1')).toEqual([expect.objectContaining({ n: 1, inputTokens: 1200, cacheReadTokens: 0, cacheWriteTokens: 0 })]);
    runs.updateRun('r1', { cacheReadTokens: 900, cacheWriteTokens: 100 });
    expect(runs.getRun('r1')?.run).toMatchObject({ cacheReadTokens: 900, cacheWriteTokens: 100 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('is applied over the gap left for 5 and 6, and a migration filling the gap later is applied then', () => {
    const { db, file } = olderDatabase();
    migrate(db, file, [...BEFORE, migration0007]);
    const filler = { version: 5, name: 'filled-later', sql: 'CREATE TABLE filled_later (x INTEGER)' };
    migrate(db, file, [...BEFORE, filler, migration0007]);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual([1, 2, 3, 4, 5, 7]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'filled_later'").pluck().get()).toBe('filled_later');
    // Opened again, nothing is applied twice.
    migrate(db, file, [...BEFORE, filler, migration0007]);
    expect(db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(6);
  });
});
