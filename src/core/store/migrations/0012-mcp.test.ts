import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../database';
import { createRunsRepository } from '../runs-repository';
import { migrations } from './index';

describe('migration 0012', () => {
  it('gives stored runs no MCP servers and keeps the servers of a run stored after it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autoloop-m12-')), 'autoloop.db');
    const db = new Database(file);
    migrate(
      db,
      file,
      migrations.filter((migration) => migration.version < 12),
    );
    db.prepare(
      `INSERT INTO runs (id, name, template, template_revision, status, limits, permissions, loop, params, model, workdir, created_at)
      VALUES ('r1', 'n', 't', 'x', 'ended', '{}', '{"profile":"ask","rules":[]}', '{}', '{}', 'scripted/x', '/tmp', 'now')`,
    ).run();
    migrate(db, file, migrations);
    const runs = createRunsRepository(db);
    const stored = runs.getRun('r1')?.run;
    expect(stored?.mcp).toEqual([]);
    if (!stored) throw new Error('the run is gone');
    runs.insertRun({ run: { ...stored, id: 'r2', mcp: ['github', 'db'] }, loop: runs.getRun('r1')?.loop ?? ({} as never), params: {} });
    expect(runs.getRun('r2')?.run.mcp).toEqual(['github', 'db']);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
