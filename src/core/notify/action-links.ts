import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Db } from '../store/database';

/** The one decision an action link carries. */
export const LinkAction = z.enum(['allow_once', 'deny', 'extend', 'stop']);
export type LinkAction = z.infer<typeof LinkAction>;

/** What a link says: which decision, about what (an approval for allow/deny, a run for extend/stop), until when, from which notifier. */
const LinkPayload = z
  .object({
    v: z.literal(1),
    id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
    action: LinkAction,
    target: z.string().min(1).max(200),
    exp: z.number().int(),
    via: z.string().min(1).max(64),
  })
  .strict();
export type LinkPayload = z.infer<typeof LinkPayload>;

/** Why a link is refused, in words for the page. */
export type LinkProblem = 'invalid' | 'expired' | 'used';
export const LINK_PROBLEM_WORDS: Readonly<Record<LinkProblem, string>> = {
  invalid: 'This link is not valid: it was changed, or it comes from another Autoloop.',
  expired: 'This link has expired. Open Autoloop to decide.',
  used: 'This link was already used: each link decides once.',
};

export type LinkCheck = Readonly<{ ok: true; payload: LinkPayload } | { ok: false; problem: LinkProblem }>;

/**
 * Single-use, expiring capabilities for one decision, signed with HMAC-SHA256 under a key kept in
 * the data folder (`action-links.key`, 0600; hidden from every sandboxed process). A link is
 * `<payload, base64url>.<signature, base64url>`; using it records its id in `action_links_used`
 * first, so a replay (or a second tap racing the first) is refused by the primary key.
 */
export type ActionLinks = Readonly<{
  mint(action: LinkAction, target: string, via: string, ttlMs: number): string;
  check(token: string): LinkCheck;
  /** Checks and marks the link used, atomically: only one caller ever gets `ok` for a link. */
  consume(token: string): LinkCheck;
  /** Records what using the link did (for the log and a later look). */
  recordOutcome(id: string, outcome: string): void;
}>;

function loadKey(dataDir: string): Buffer {
  const path = join(dataDir, 'action-links.key');
  try {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
    if (key.length === 32) return key;
  } catch {
    // none yet, or unreadable: a fresh key (links given out before stop working, which is safe)
  }
  const key = randomBytes(32);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${key.toString('hex')}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
  return key;
}

export function createActionLinks(options: Readonly<{ db: Db; dataDir: string; now?: () => number; key?: Buffer }>): ActionLinks {
  // Made at the first link, so an engine that never serves links writes nothing.
  let key: Buffer | null = options.key ?? null;
  const now = options.now ?? Date.now;
  const sign = (payload: string): Buffer =>
    createHmac('sha256', (key ??= loadKey(options.dataDir)))
      .update(payload)
      .digest();
  const isUsed = options.db.prepare<[string], { id: string }>('SELECT id FROM action_links_used WHERE id = ?');
  const markUsed = options.db.prepare<[string, string]>("INSERT OR IGNORE INTO action_links_used (id, used_at, outcome) VALUES (?, ?, 'pending')");
  const setOutcome = options.db.prepare<[string, string]>('UPDATE action_links_used SET outcome = ? WHERE id = ?');

  function verify(token: string): LinkCheck {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined || token.length > 2_000) return { ok: false, problem: 'invalid' };
    const given = Buffer.from(signature, 'base64url');
    const expected = sign(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'invalid' };
    let parsed: z.ZodSafeParseResult<LinkPayload>;
    try {
      parsed = LinkPayload.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    } catch {
      return { ok: false, problem: 'invalid' };
    }
    if (!parsed.success) return { ok: false, problem: 'invalid' };
    if (parsed.data.exp <= now()) return { ok: false, problem: 'expired' };
    return { ok: true, payload: parsed.data };
  }

  return {
    mint(action, target, via, ttlMs) {
      const payload: LinkPayload = { v: 1, id: randomBytes(16).toString('base64url'), action, target, exp: now() + ttlMs, via };
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${body}.${sign(body).toString('base64url')}`;
    },
    check(token) {
      const checked = verify(token);
      if (checked.ok && isUsed.get(checked.payload.id)) return { ok: false, problem: 'used' };
      return checked;
    },
    consume(token) {
      const checked = verify(token);
      if (!checked.ok) return checked;
      const inserted = markUsed.run(checked.payload.id, new Date(now()).toISOString()).changes;
      return inserted === 1 ? checked : { ok: false, problem: 'used' };
    },
    recordOutcome(id, outcome) {
      setOutcome.run(outcome.slice(0, 500), id);
    },
  };
}
