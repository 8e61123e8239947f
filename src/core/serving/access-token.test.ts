import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createAccessToken, isAuthorized, tokensMatch } from './access-token';
import { isAllowedOrigin } from './api-websocket';

const request = (url: string, headers: Record<string, string> = {}): IncomingMessage => ({ url, headers }) as IncomingMessage;

describe('access token', () => {
  it('makes long random tokens', () => {
    const token = createAccessToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createAccessToken()).not.toBe(token);
  });

  it('matches only the exact token, whatever the lengths', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abd', 'abc')).toBe(false);
    expect(tokensMatch('', 'abc')).toBe(false);
    expect(tokensMatch('abcd', 'abc')).toBe(false);
  });

  it('accepts the token from the query, the cookie or a bearer header, and nothing else', () => {
    expect(isAuthorized(request('/?token=t1'), 't1')).toBe(true);
    expect(isAuthorized(request('/app.js', { cookie: 'a=b; autoloop_token=t1' }), 't1')).toBe(true);
    expect(isAuthorized(request('/api', { authorization: 'Bearer t1' }), 't1')).toBe(true);
    expect(isAuthorized(request('/'), 't1')).toBe(false);
    expect(isAuthorized(request('/?token=t2'), 't1')).toBe(false);
    expect(isAuthorized(request('/', { cookie: 'autoloop_token=t2' }), 't1')).toBe(false);
  });
});

describe('isAllowedOrigin', () => {
  it('accepts the server’s own origin and clients without one, and refuses other sites', () => {
    expect(isAllowedOrigin('http://127.0.0.1:4317', '127.0.0.1:4317')).toBe(true);
    expect(isAllowedOrigin(undefined, '127.0.0.1:4317')).toBe(true);
    expect(isAllowedOrigin('http://evil.example', '127.0.0.1:4317')).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:9999', '127.0.0.1:4317')).toBe(false);
  });
});
