import { describe, expect, it } from 'vitest';
import { createRunsRepository } from '../runs-repository';
import { databaseBefore } from '../testing/database-before';

describe('migration 0012', () => {
  it('gives stored runs no MCP servers and keeps the servers of a run stored after it', () => {
    const { db, upgrade } = databaseBefore(12, { withRun: true });
    upgrade();
    const runs = createRunsRepository(db);
    const stored = runs.getRun('r1')?.run;
    expect(stored?.mcp).toEqual([]);
    if (!stored) throw new Error('the run is gone');
    runs.insertRun({ run: { ...stored, id: 'r2', mcp: ['github', 'db'] }, loop: runs.getRun('r1')?.loop ?? ({} as never), params: {} });
    expect(runs.getRun('r2')?.run.mcp).toEqual(['github', 'db']);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
