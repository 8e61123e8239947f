import { createHash, randomUUID } from 'node:crypto';
import type { AccessTokenInfo } from '../../shared/access-tokens-api';
import { ApiFailure } from '../api-failure';
import type { Db } from '../store/database';
import { createAccessToken } from './access-token';

/** Named tokens carry this prefix, so a leaked one is recognisable (and never mistaken for the engine's own). */
const NAMED_PREFIX = 'alt_';

/** How often a token's last-used time is written at most: a busy client must not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The named tokens of an engine: made, listed, revoked, and checked, with listeners told of each revocation. */
export type NamedTokens = Readonly<{
  list(): AccessTokenInfo[];
  create(name: string, readOnly: boolean): { info: AccessTokenInfo; token: string };
  revoke(name: string): AccessTokenInfo;
  /** The live token this is, its last-used time brought up to date; null for anything else. */
  verify(token: string): AccessTokenInfo | null;
  /** Whether the token with this id is still live (not revoked). */
  isLive(id: string): boolean;
  onRevoked(listener: (info: AccessTokenInfo) => void): () => void;
}>;

type Row = {
  id: string;
  name: string;
  digest: string;
  read_only: number;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

/** The digest a token is stored as: the tokens are 32 random bytes, so a fast hash is as good as a slow one. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const infoOf = (row: Row): AccessTokenInfo => ({
  id: row.id,
  name: row.name,
  readOnly: row.read_only === 1,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

export function createNamedTokens(db: Db, now: () => Date = () => new Date()): NamedTokens {
  const listeners = new Set<(info: AccessTokenInfo) => void>();
  const byName = db.prepare<[string], Row>('SELECT * FROM access_tokens WHERE name = ? AND revoked_at IS NULL');
  const byDigest = db.prepare<[string], Row>('SELECT * FROM access_tokens WHERE digest = ? AND revoked_at IS NULL');
  const byId = db.prepare<[string], Row>('SELECT * FROM access_tokens WHERE id = ?');
  const touch = db.prepare<[string, string]>('UPDATE access_tokens SET last_used_at = ? WHERE id = ?');
  const revokedIds = new Set<string>();

  return {
    list: () => db.prepare<[], Row>('SELECT * FROM access_tokens ORDER BY created_at, rowid').all().map(infoOf),
    create(name, readOnly) {
      if (byName.get(name)) throw new ApiFailure('conflict', `a token called "${name}" already exists: revoke it first or pick another name`);
      const token = `${NAMED_PREFIX}${createAccessToken()}`;
      const row: Row = {
        id: randomUUID(),
        name,
        digest: tokenDigest(token),
        read_only: readOnly ? 1 : 0,
        created_at: now().toISOString(),
        last_used_at: null,
        revoked_at: null,
      };
      db.prepare(
        'INSERT INTO access_tokens (id, name, digest, read_only, created_at, last_used_at, revoked_at) VALUES (@id, @name, @digest, @read_only, @created_at, NULL, NULL)',
      ).run(row);
      return { info: infoOf(row), token };
    },
    revoke(name) {
      const row = byName.get(name);
      if (!row) throw new ApiFailure('not_found', `there is no live token called "${name}" (autoloop tokens ls lists them)`);
      db.prepare('UPDATE access_tokens SET revoked_at = ? WHERE id = ?').run(now().toISOString(), row.id);
      revokedIds.add(row.id);
      const info = infoOf(byId.get(row.id) as Row);
      for (const listener of listeners) listener(info);
      return info;
    },
    verify(token) {
      if (!token.startsWith(NAMED_PREFIX)) return null;
      const row = byDigest.get(tokenDigest(token));
      if (!row) return null;
      const at = now();
      if (row.last_used_at === null || at.getTime() - Date.parse(row.last_used_at) >= LAST_USED_RESOLUTION_MS) {
        touch.run(at.toISOString(), row.id);
        row.last_used_at = at.toISOString();
      }
      return infoOf(row);
    },
    isLive(id) {
      if (revokedIds.has(id)) return false;
      const row = byId.get(id);
      return row !== undefined && row.revoked_at === null;
    },
    onRevoked(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
