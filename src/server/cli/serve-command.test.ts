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
    });
    expect(parseServeArgs(['--host', '0.0.0.0', '--port', '0', '--open', '--resume-shutdown', '--rotate-token'])).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      open: true,
      resumeShutdown: true,
      rotateToken: true,
    });
  });
  it('refuses a port that is not one', () => {
    expect(() => parseServeArgs(['--port', 'http'])).toThrow('--port must be a port number, not "http"');
    expect(() => parseServeArgs(['--port', '70000'])).toThrow('--port must be a port number');
    expect(() => parseServeArgs(['--port', '-1'])).toThrow();
  });
});
