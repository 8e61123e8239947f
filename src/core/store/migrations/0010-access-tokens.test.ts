import { describe, expect, it } from 'vitest';
import { createNamedTokens, tokenDigest } from '../../serving/named-tokens';
import { databaseBefore } from '../testing/database-before';

describe('migration 0010', () => {
  it('adds named tokens kept as digests, one live token per name, revoked ones listed', () => {
    const { db, upgrade } = databaseBefore(10);
    upgrade();
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
