import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie the page gets after opening the URL with `?token=`, so its later requests carry the token. */
export const TOKEN_COOKIE = 'autoloop_token';

/** A fresh random access token: 32 bytes, URL-safe. */
export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time (hashing first makes the lengths equal). */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
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
  return { token: cookieValue(request.headers.cookie, TOKEN_COOKIE), fromQuery: false };
}

/** Whether a request carries the server's token. */
export function isAuthorized(request: IncomingMessage, expected: string): boolean {
  const { token } = tokenOf(request);
  return token !== null && tokensMatch(token, expected);
}
