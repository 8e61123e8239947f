import { describe, expect, it } from 'vitest';
import { migrations } from '.';
import { databaseBefore } from '../testing/database-before';

describe('migration 0011', () => {
  it('upgrades a version-10 database with a run: the run was taken by Autoloop’s own agent', () => {
    const { db, upgrade } = databaseBefore(11, { withRun: true });
    upgrade();
    expect(db.prepare("SELECT agent FROM runs WHERE id = 'r1'").get()).toEqual({ agent: 'autoloop' });
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(migrations.at(-1)?.version);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
