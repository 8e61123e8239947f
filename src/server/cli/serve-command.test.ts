import { describe, expect, it } from 'vitest';
import { parseServeArgs } from './serve-command';

describe('parseServeArgs', () => {
  it('listens on loopback port 4317 by default and resumes nothing unless asked', () => {
    expect(parseServeArgs(['--data-dir', '/tmp/d'])).toEqual({
      host: '127.0.0.1',
      port: 4317,
      dataDir: '/tmp/d',
      open: false,
      moveDamagedDatabase: false,
      resumeShutdown: false,
      rotateToken: false,
      tlsCert: null,
      tlsKey: null,
      publicUrl: null,
      trustedProxies: [],
      spareRunner: false,
    });
    expect(parseServeArgs(['--host', '0.0.0.0', '--port', '0', '--open', '--resume-shutdown', '--rotate-token'])).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      open: true,
      resumeShutdown: true,
      rotateToken: true,
    });
  });
  it('takes TLS files together and a public URL, refusing one file alone or an address that is not http(s)', () => {
    expect(parseServeArgs(['--tls-cert', '/k/cert.pem', '--tls-key', '/k/key.pem', '--public-url', 'https://loops.example.org'])).toMatchObject({
      tlsCert: '/k/cert.pem',
      tlsKey: '/k/key.pem',
      publicUrl: 'https://loops.example.org',
    });
    expect(() => parseServeArgs(['--tls-cert', '/k/cert.pem'])).toThrow('--tls-cert and --tls-key go together');
    expect(() => parseServeArgs(['--public-url', 'loops.example.org'])).toThrow('--public-url must be an http:// or https:// address');
    expect(() => parseServeArgs(['--public-url', 'https://loops.example.org/autoloop'])).toThrow('--public-url must be');
  });
  it('takes reverse proxies by IP address only', () => {
    expect(parseServeArgs(['--trusted-proxy', '127.0.0.1', '--trusted-proxy', '::1'])).toMatchObject({ trustedProxies: ['127.0.0.1', '::1'] });
    expect(() => parseServeArgs(['--trusted-proxy', 'proxy.internal'])).toThrow("--trusted-proxy takes the proxy's IP address");
  });
  it('keeps a spare runner only when asked to', () => {
    expect(parseServeArgs(['--spare-runner'])).toMatchObject({ spareRunner: true });
  });

  it('refuses a port that is not one', () => {
    expect(() => parseServeArgs(['--port', 'http'])).toThrow('--port must be a port number, not "http"');
    expect(() => parseServeArgs(['--port', '70000'])).toThrow('--port must be a port number');
    expect(() => parseServeArgs(['--port', '-1'])).toThrow();
  });
});
