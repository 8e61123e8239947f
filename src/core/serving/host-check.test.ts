import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createHostCheck } from './host-check';

const request = (host: string | undefined, origin?: string, localPort = 4317): IncomingMessage =>
  ({ headers: { host, origin }, socket: { localPort } }) as unknown as IncomingMessage;

describe('the Host and Origin checks', () => {
  it('accept the server’s own loopback origin and clients without one, and refuse other sites and ports', () => {
    const check = createHostCheck({ bindHost: '127.0.0.1', tls: false, publicUrl: null });
    expect(check.originAllowed(request('127.0.0.1:4317', 'http://127.0.0.1:4317'))).toBe(true);
    expect(check.originAllowed(request('127.0.0.1:4317'))).toBe(true);
    expect(check.originAllowed(request('127.0.0.1:4317', 'http://evil.example'))).toBe(false);
    expect(check.originAllowed(request('127.0.0.1:4317', 'http://127.0.0.1:9999'))).toBe(false);
    // A TLS server's page is https; a plain one's http: the other scheme is another origin.
    expect(check.originAllowed(request('127.0.0.1:4317', 'https://127.0.0.1:4317'))).toBe(false);
  });

  it('refuse a Host that is not this server (DNS rebinding), whatever the port', () => {
    const check = createHostCheck({ bindHost: '127.0.0.1', tls: true, publicUrl: null });
    expect(check.hostAllowed(request('localhost:4317'))).toBe(true);
    expect(check.hostAllowed(request('[::1]:4317'))).toBe(true);
    expect(check.hostAllowed(request('evil.example:4317'))).toBe(false);
    expect(check.hostAllowed(request('127.0.0.1:4318'))).toBe(false);
    expect(check.hostAllowed(request(undefined))).toBe(false);
    expect(check.originAllowed(request('evil.example:4317', 'https://evil.example:4317'))).toBe(false);
  });

  it('accept the public URL of a reverse proxy, and only it', () => {
    const check = createHostCheck({ bindHost: '127.0.0.1', tls: false, publicUrl: new URL('https://loops.example.org') });
    expect(check.hostAllowed(request('loops.example.org'))).toBe(true);
    expect(check.originAllowed(request('loops.example.org', 'https://loops.example.org'))).toBe(true);
    expect(check.originAllowed(request('loops.example.org', 'http://loops.example.org'))).toBe(false);
    expect(check.hostAllowed(request('other.example.org'))).toBe(false);
  });
});
