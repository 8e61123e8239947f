/**
 * Git settings every agent command runs with, whatever the repository's own config says:
 * no system config, no fsmonitor program, no hooks. `GIT_CONFIG_COUNT`/`KEY_n`/`VALUE_n` are git's
 * environment spelling of `-c key=value`, so they bind every git the command starts, however deeply nested.
 * A run that wrote `core.fsmonitor` into `.git/config` cannot make the allowed `git status` run it.
 */
export const GIT_HARDENING_ENV: Readonly<Record<string, string>> = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_COUNT: '2',
  GIT_CONFIG_KEY_0: 'core.fsmonitor',
  GIT_CONFIG_VALUE_0: 'false',
  GIT_CONFIG_KEY_1: 'core.hooksPath',
  GIT_CONFIG_VALUE_1: '/dev/null',
};
