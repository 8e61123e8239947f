import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createClientAddress, isProxyAddress } from './client-address';

const request = (peer: string | undefined, forwardedFor?: string | string[]): IncomingMessage =>
  ({ socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('createClientAddress', () => {
  it('without trusted proxies is the peer, whatever X-Forwarded-For claims', () => {
    const addressOf = createClientAddress();
    expect(addressOf(request('203.0.113.9', '198.51.100.1'))).toBe('203.0.113.9');
    expect(addressOf(request('::ffff:127.0.0.1'))).toBe('127.0.0.1');
    expect(addressOf(request(undefined))).toBe('an unknown address');
  });

  it('behind a trusted proxy is the right-most forwarded hop that is not a trusted proxy', () => {
    const addressOf = createClientAddress(['127.0.0.1', '10.0.0.2']);
    expect(addressOf(request('::ffff:127.0.0.1', '198.51.100.7'))).toBe('198.51.100.7');
    // The client wrote the left entries itself: a forged first hop does not change the address counted.
    expect(addressOf(request('127.0.0.1', '1.2.3.4, 198.51.100.7'))).toBe('198.51.100.7');
    expect(addressOf(request('127.0.0.1', ['1.2.3.4', '198.51.100.7, 10.0.0.2']))).toBe('198.51.100.7');
    expect(addressOf(request('127.0.0.1', '2001:DB8::1'))).toBe('2001:db8::1');
  });

  it('falls back to the peer when the proxy sent no header, only proxies, or a hop that is not an address', () => {
    const addressOf = createClientAddress(['127.0.0.1']);
    expect(addressOf(request('127.0.0.1'))).toBe('127.0.0.1');
    expect(addressOf(request('127.0.0.1', '127.0.0.1'))).toBe('127.0.0.1');
    expect(addressOf(request('127.0.0.1', 'unknown'))).toBe('127.0.0.1');
    expect(addressOf(request('127.0.0.1', '198.51.100.7, not-an-ip'))).toBe('127.0.0.1');
    // A peer that is not a trusted proxy is never believed.
    expect(addressOf(request('203.0.113.9', '198.51.100.7'))).toBe('203.0.113.9');
  });

  it('takes only IP addresses as proxies', () => {
    expect(isProxyAddress('127.0.0.1')).toBe(true);
    expect(isProxyAddress('::1')).toBe(true);
    expect(isProxyAddress('proxy.internal')).toBe(false);
  });
});
