import { describe, expect, it } from 'vitest';
import { createOutputTail, runnerEnvironment } from './runner-host';

describe('runnerEnvironment', () => {
  it('keeps the environment but drops provider keys and other secrets', () => {
    const env = runnerEnvironment({
      PATH: '/usr/bin',
      HOME: '/home/me',
      ANTHROPIC_API_KEY: 'sk-ant',
      OPENAI_API_KEY: 'sk-oa',
      OPENAI_BASE_URL: 'http://x',
      GITHUB_TOKEN: 'ghp',
      MY_SERVICE_SECRET: 's',
      NODE_EXTRA_CA_CERTS: '/etc/ca.pem',
      AUTOLOOP_TOKEN: 'alt_x',
      AUTOLOOP_APPROVER_CODE: 'abcde-fghij',
      AUTOLOOP_ENGINE: 'box',
    });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/me', NODE_EXTRA_CA_CERTS: '/etc/ca.pem' });
  });
});

describe('createOutputTail', () => {
  it('keeps only the last bytes', () => {
    const tail = createOutputTail(5);
    tail.append('hello ');
    tail.append('world');
    expect(tail.text()).toBe('world');
  });
});
