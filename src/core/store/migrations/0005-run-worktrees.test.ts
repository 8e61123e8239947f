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
import { migrations } from './index';

describe('migration 0005', () => {
  it('reads runs and iterations from before as working in their folder, with no worktree and no commits', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autoloop-m5-')), 'autoloop.db');
    const db = new Database(file);
    migrate(db, file, [migration0001, migration0002, migration0003, migration0004]);
    db.prepare(
      `INSERT INTO runs (id, name, template, template_revision, status, stop_reason, limits, permissions, loop, params, model, workdir, created_at)
      VALUES ('old', 'n', 't', 'x', 'ended', 'completed', '{}', '{"profile":"ask","rules":[]}', '{}', '{}', 'scripted/x', '/tmp', 'now')`,
    ).run();
    db.prepare(
      `INSERT INTO iterations (run_id, n, status, summary, input_tokens, output_tokens, started_at) VALUES ('old', 1, 'ok', 'did it', 0, 0, 'now')`,
    ).run();
    // Up to 0005 and past it: the repository reads the current schema.
    migrate(db, file, migrations);
    const runs = createRunsRepository(db);
    expect(runs.getRun('old')?.run).toMatchObject({ isolation: 'none', worktree: null, worktreeState: null });
    expect(runs.getRun('old')).not.toHaveProperty('setup');
    expect(runs.listIterations('old')).toEqual([expect.objectContaining({ n: 1, commit: null })]);
    runs.setCommit('old', 1, 'a'.repeat(40));
    expect(runs.getIteration('old', 1)?.commit).toBe('a'.repeat(40));
    expect(runs.listRunsWithWorktree()).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
