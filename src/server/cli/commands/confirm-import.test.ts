import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRun } from '../../../shared/testing/build-run';
import { UsageError } from '../usage-error';
import { confirmImportOf } from './run-control-commands';

describe('confirmImportOf', () => {
  const run = buildRun({ permissions: { profile: 'ask', rules: [] }, workdir: '/data/workspaces/r1', model: 'anthropic/claude-sonnet-4-5' });

  it('confirms what the imported run shows now, with each flag replacing its value', () => {
    expect(confirmImportOf(run, {})).toEqual({ profile: 'ask', rules: [], workdir: '/data/workspaces/r1', model: 'anthropic/claude-sonnet-4-5' });
    expect(confirmImportOf(run, { profile: 'read-only', workdir: 'here', model: 'openai/gpt-5' })).toEqual({
      profile: 'read-only',
      rules: [],
      workdir: resolve('here'),
      model: 'openai/gpt-5',
    });
  });

  it('refuses a profile that does not exist', () => {
    expect(() => confirmImportOf(run, { profile: 'root' })).toThrow(UsageError);
  });
});
