import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The cookie the page gets after opening the URL with `?token=`, so its later requests carry the token. Named per
 * port: cookies do not separate ports, and another server on 127.0.0.1 must never receive ours.
 */
export function tokenCookieName(port: number | undefined): string {
  return port === undefined ? 'autoloop_token' : `autoloop_token_${port}`;
}

/** The cookie that carries the approver code to the page's socket, per port like the token's. */
export function approverCookieName(port: number | undefined): string {
  return port === undefined ? 'autoloop_approver' : `autoloop_approver_${port}`;
}

/** The header the CLI sends the approver code in. */
export const APPROVER_HEADER = 'x-autoloop-approver';

/** A fresh random access token: 32 bytes, URL-safe. */
export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A fresh approver code: 25 characters in five groups (about 123 bits), easy to read aloud and paste. It is kept
 * with the token in the data folder's access.json (0600) and never in server.json, which read commands share.
 */
export function createApproverCode(): string {
  const bytes = randomBytes(25);
  const chars = [...bytes].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length] ?? 'a').join('');
  return (chars.match(/.{5}/g) ?? []).join('-');
}

/** Compares in constant time (hashing first makes the lengths equal). */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** A cookie of ours that is not valid percent-encoding (`%E0`): the request is malformed, a 400 (`isWellFormed`). */
function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch (error) {
      throw new Error(`the cookie ${name} is not valid percent-encoding`, { cause: error });
    }
  }
  return null;
}

/** The token a request carries: `?token=` first, then the cookie the page set. */
export function tokenOf(request: IncomingMessage): { token: string | null; fromQuery: boolean } {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return { token: fromQuery, fromQuery: true };
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return { token: authorization.slice(7), fromQuery: false };
  return { token: cookieValue(request.headers.cookie, tokenCookieName(request.socket?.localPort)), fromQuery: false };
}

/** The approver code a request carries: `?approver=` (the URL `autoloop serve` printed), the CLI's header, or the page's cookie. */
export function approverCodeOf(request: IncomingMessage): { code: string | null; fromQuery: boolean } {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const fromQuery = url.searchParams.get('approver');
  if (fromQuery) return { code: fromQuery, fromQuery: true };
  const header = request.headers[APPROVER_HEADER];
  if (typeof header === 'string' && header !== '') return { code: header, fromQuery: false };
  return { code: cookieValue(request.headers.cookie, approverCookieName(request.socket?.localPort)), fromQuery: false };
}

/** Whether a request carries the approver code: only such a connection may answer a run's approval requests. */
export function isApprover(request: IncomingMessage, expected: string): boolean {
  const { code } = approverCodeOf(request);
  return code !== null && tokensMatch(code, expected);
}

/** Whether a request carries the server's token. Throws for a request `isWellFormed` refuses: check that first. */
export function isAuthorized(request: IncomingMessage, expected: string): boolean {
  const { token } = tokenOf(request);
  return token !== null && tokensMatch(token, expected);
}
