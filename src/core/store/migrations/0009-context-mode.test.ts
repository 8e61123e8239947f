import { describe, expect, it } from 'vitest';
import { migration0009 } from './0009-context-mode';
import { databaseBefore } from '../testing/database-before';

describe('migration 0009', () => {
  it('upgrades a version-8 database with a run: the run carried its conversation', () => {
    const { db, before, upgrade } = databaseBefore(migration0009.version, { withRun: true });
    upgrade([...before, migration0009]);
    expect(db.prepare("SELECT context FROM runs WHERE id = 'r1'").pluck().get()).toBe('carry');
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(9);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
