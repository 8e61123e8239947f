import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../database';
import { createApprovalsRepository } from '../approvals-repository';
import { migrations } from './index';

describe('migration 0014', () => {
  it('says `cancelled` for a withdrawn request an older engine stored as `system`, and leaves the other answers', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autoloop-m14-')), 'autoloop.db');
    const db = new Database(file);
    migrate(
      db,
      file,
      migrations.filter((migration) => migration.version < 14),
    );
    db.prepare(
      `INSERT INTO runs (id, name, template, template_revision, status, limits, permissions, loop, params, model, workdir, created_at)
      VALUES ('r1', 'n', 't', 'x', 'ended', '{}', '{"profile":"ask","rules":[]}', '{}', '{}', 'scripted/x', '/tmp', 'now')`,
    ).run();
    const request = db.prepare(
      `INSERT INTO approvals (id, run_id, iteration, tool, input, summary, risk, status, decided_by, requested_at)
      VALUES (?, 'r1', 1, 'bash', '{}', 's', 'high', ?, ?, 'now')`,
    );
    request.run('a1', 'cancelled', 'system');
    request.run('a2', 'allowed', 'user');
    request.run('a3', 'pending', null);
    migrate(db, file, migrations);
    const approvals = createApprovalsRepository(db);
    expect(['a1', 'a2', 'a3'].map((id) => approvals.get(id)?.decidedBy)).toEqual(['cancelled', 'user', null]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
