import { describe, expect, it } from 'vitest';
import { isHostAllowed, parseConnectTarget } from './host-allowlist';

describe('isHostAllowed', () => {
  it('matches exact names case-insensitively, ignoring a trailing dot', () => {
    expect(isHostAllowed('API.GitHub.com.', ['api.github.com'])).toBe(true);
    expect(isHostAllowed('github.com', ['api.github.com'])).toBe(false);
    expect(isHostAllowed('api.github.com.evil.test', ['api.github.com'])).toBe(false);
  });

  it('matches subdomains for a *. entry, but not the bare domain or a look-alike suffix', () => {
    expect(isHostAllowed('registry.npmjs.org', ['*.npmjs.org'])).toBe(true);
    expect(isHostAllowed('a.b.npmjs.org', ['*.npmjs.org'])).toBe(true);
    expect(isHostAllowed('npmjs.org', ['*.npmjs.org'])).toBe(false);
    expect(isHostAllowed('evilnpmjs.org', ['*.npmjs.org'])).toBe(false);
  });

  it('matches addresses exactly and refuses everything with an empty list', () => {
    expect(isHostAllowed('127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(isHostAllowed('127.0.0.2', ['127.0.0.1'])).toBe(false);
    expect(isHostAllowed('[::1]', ['::1'])).toBe(true);
    expect(isHostAllowed('example.com', [])).toBe(false);
    expect(isHostAllowed('', ['*.x'])).toBe(false);
  });
});

describe('parseConnectTarget', () => {
  it('reads host and port, IPv6 in brackets, and refuses anything else', () => {
    expect(parseConnectTarget('api.github.com:443')).toEqual({ host: 'api.github.com', port: 443 });
    expect(parseConnectTarget('[::1]:8443')).toEqual({ host: '::1', port: 8443 });
    expect(parseConnectTarget('api.github.com')).toBeNull();
    expect(parseConnectTarget('host:0')).toBeNull();
    expect(parseConnectTarget('host:70000')).toBeNull();
    expect(parseConnectTarget('a:b:443')).toBeNull();
  });
});
