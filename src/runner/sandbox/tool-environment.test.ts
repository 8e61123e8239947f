import { GIT_HARDENING_ENV } from '../tools/git-hardening';
import { describe, expect, it } from 'vitest';
import { buildToolEnvironment } from './tool-environment';

const RUNNER_ENV = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/ada',
  USER: 'ada',
  LANG: 'en_GB.UTF-8',
  LC_ALL: 'en_GB.UTF-8',
  LC_TIME: 'C',
  TERM: 'xterm',
  TMPDIR: '/var/tmp',
  SHELL: '/bin/zsh',
  TZ: 'Europe/London',
  DATABASE_URL: 'postgres://secret',
  AWS_PROFILE: 'prod',
  SSH_AUTH_SOCK: '/run/user/1000/ssh',
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
  AUTOLOOP_HOME: '/home/ada/.autoloop',
  ACME_LLM_KEY: 'acme',
  ANTHROPIC_API_KEY: 'sk-ant',
  NODE_OPTIONS: '--require /tmp/x.js',
  UNSET: undefined,
};

describe('buildToolEnvironment', () => {
  it('keeps only the base allowlist and LC_* from the runner, and sets the non-interactive and git-hardening variables', () => {
    expect(buildToolEnvironment(RUNNER_ENV, { passEnv: [], removeEnv: [] })).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/ada',
      USER: 'ada',
      LANG: 'en_GB.UTF-8',
      LC_ALL: 'en_GB.UTF-8',
      LC_TIME: 'C',
      TERM: 'xterm',
      TMPDIR: '/var/tmp',
      SHELL: '/bin/zsh',
      TZ: 'Europe/London',
      PAGER: 'cat',
      GIT_PAGER: 'cat',
      GIT_TERMINAL_PROMPT: '0',
      ...GIT_HARDENING_ENV,
    });
  });

  it('adds declared variables, but a provider key named in removeEnv never gets through', () => {
    const env = buildToolEnvironment(RUNNER_ENV, {
      passEnv: ['DATABASE_URL', 'ACME_LLM_KEY', 'SSH_AUTH_SOCK', 'ANTHROPIC_API_KEY'],
      removeEnv: ['ACME_LLM_KEY'],
    });
    expect(env).toMatchObject({ DATABASE_URL: 'postgres://secret', SSH_AUTH_SOCK: '/run/user/1000/ssh' });
    expect(env).not.toHaveProperty('ACME_LLM_KEY');
    expect(env).not.toHaveProperty('ANTHROPIC_API_KEY');
    expect(env).not.toHaveProperty('AWS_PROFILE');
    expect(env).not.toHaveProperty('NODE_OPTIONS');
  });

  it('lays overrides over the runner values (TMPDIR inside a sandbox), except removed names', () => {
    const env = buildToolEnvironment(RUNNER_ENV, { passEnv: [], removeEnv: ['SECRET_X'], overrides: { TMPDIR: '/tmp', SECRET_X: 'v' } });
    expect(env.TMPDIR).toBe('/tmp');
    expect(env).not.toHaveProperty('SECRET_X');
  });
});
