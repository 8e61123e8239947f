import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isAppResource, withContentSecurityPolicy } from './content-security-policy';

const directives = (): Map<string, string> =>
  new Map(
    contentSecurityPolicy()
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name ?? '', values.join(' ')]),
  );

describe('contentSecurityPolicy', () => {
  it('allows no eval, no inline script, no plugins, no framing', () => {
    const policy = contentSecurityPolicy();
    expect(policy).not.toContain('unsafe-eval');
    expect(directives().get('script-src')).toBe("'self'");
    expect(directives().get('object-src')).toBe("'none'");
    expect(directives().get('frame-ancestors')).toBe("'none'");
    expect(directives().get('default-src')).toBe("'none'");
    expect(directives().get('base-uri')).toBe("'none'");
  });

  it('lets the page connect only to itself: the engine is reached over IPC', () => {
    expect(directives().get('connect-src')).toBe("'self'");
  });
});

describe('withContentSecurityPolicy', () => {
  const appUrl = 'file:///opt/Autoloop/resources/app.asar/out/renderer/index.html';

  it('puts the policy on the app page and its files, replacing any policy they had', () => {
    const headers = withContentSecurityPolicy(appUrl, { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] }, appUrl);
    expect(headers).toEqual({ 'Content-Security-Policy': [contentSecurityPolicy()], 'X-Other': ['1'] });
    expect(withContentSecurityPolicy('file:///opt/Autoloop/resources/app.asar/out/renderer/assets/index-abc.js', undefined, appUrl)).toHaveProperty(
      'Content-Security-Policy',
    );
  });

  it('leaves other responses as they are', () => {
    const headers = { 'content-security-policy': ["default-src 'self'"] };
    expect(withContentSecurityPolicy('https://example.com/', headers, appUrl)).toEqual(headers);
    expect(withContentSecurityPolicy('file:///etc/passwd', undefined, appUrl)).toEqual({});
  });

  it('knows which URLs are the app\u2019s own', () => {
    expect(isAppResource(`${appUrl}#/runs/r1`, appUrl)).toBe(true);
    expect(isAppResource('file:///opt/Autoloop/resources/app.asar/out/main/index.js', appUrl)).toBe(false);
    expect(isAppResource('garbage', appUrl)).toBe(false);
    expect(isAppResource(appUrl, 'garbage')).toBe(false);
  });
});
