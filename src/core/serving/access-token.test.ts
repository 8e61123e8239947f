import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createAccessToken, createApproverCode, isApprover, isAuthorized, tokensMatch } from './access-token';

const request = (url: string, headers: Record<string, string> = {}): IncomingMessage =>
  ({ url, headers, socket: { localPort: 4000 } }) as unknown as IncomingMessage;

describe('access token', () => {
  it('makes long random tokens', () => {
    const token = createAccessToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createAccessToken()).not.toBe(token);
  });

  it('makes approver codes apart from the token, and reads them from the query, the header or the port’s cookie', () => {
    const code = createApproverCode();
    expect(code).toMatch(/^[a-z2-9]{5}(?:-[a-z2-9]{5}){4}$/);
    expect(isApprover(request(`/?approver=${code}`), code)).toBe(true);
    expect(isApprover(request('/api', { 'x-autoloop-approver': code }), code)).toBe(true);
    expect(isApprover(request('/api', { cookie: `autoloop_approver_4000=${code}` }), code)).toBe(true);
    expect(isApprover(request('/api', { authorization: `Bearer ${code}` }), code)).toBe(false);
    expect(isApprover(request('/api', { cookie: `autoloop_token_4000=${code}` }), code)).toBe(false);
  });

  it('matches only the exact token, whatever the lengths', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abd', 'abc')).toBe(false);
    expect(tokensMatch('', 'abc')).toBe(false);
    expect(tokensMatch('abcd', 'abc')).toBe(false);
  });

  it('accepts the token from the query, the cookie or a bearer header, and nothing else', () => {
    expect(isAuthorized(request('/?token=t1'), 't1')).toBe(true);
    expect(isAuthorized(request('/app.js', { cookie: 'a=b; autoloop_token_4000=t1' }), 't1')).toBe(true);
    expect(isAuthorized(request('/api', { authorization: 'Bearer t1' }), 't1')).toBe(true);
    expect(isAuthorized(request('/'), 't1')).toBe(false);
    expect(isAuthorized(request('/?token=t2'), 't1')).toBe(false);
    expect(isAuthorized(request('/', { cookie: 'autoloop_token_4000=t2' }), 't1')).toBe(false);
    // Another port's cookie is not ours; a cookie of ours that does not decode is a malformed request (isWellFormed: 400).
    expect(isAuthorized(request('/', { cookie: 'autoloop_token_4001=t1' }), 't1')).toBe(false);
    expect(isAuthorized(request('/', { cookie: 'autoloop_token_4001=%E0' }), 't1')).toBe(false);
    expect(() => isAuthorized(request('/', { cookie: 'autoloop_token_4000=%E0' }), 't1')).toThrow(
      'the cookie autoloop_token_4000 is not valid percent-encoding',
    );
  });
});
