import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../database';
import { createNamedTokens, tokenDigest } from '../../serving/named-tokens';
import { migrations } from './index';

describe('migration 0010', () => {
  it('adds named tokens kept as digests, one live token per name, revoked ones listed', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autoloop-m9-')), 'autoloop.db');
    const db = new Database(file);
    migrate(
      db,
      file,
      migrations.filter((migration) => migration.version < 10),
    );
    migrate(db, file, migrations);
    const tokens = createNamedTokens(db);
    const made = tokens.create('phone', true);
    expect(db.prepare('SELECT digest FROM access_tokens').pluck().get()).toBe(tokenDigest(made.token));
    expect(JSON.stringify(db.prepare('SELECT * FROM access_tokens').all())).not.toContain(made.token);
    expect(tokens.verify(made.token)).toMatchObject({ name: 'phone', readOnly: true });
    expect(tokens.verify(`${made.token}x`)).toBeNull();
    expect(() => db.prepare("INSERT INTO access_tokens VALUES ('x', 'phone', 'd', 0, 'now', NULL, NULL)").run()).toThrow(/UNIQUE/);
    tokens.revoke('phone');
    expect(tokens.verify(made.token)).toBeNull();
    tokens.create('phone', false);
    expect(tokens.list().map((token) => [token.name, token.revokedAt === null])).toEqual([
      ['phone', false],
      ['phone', true],
    ]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
