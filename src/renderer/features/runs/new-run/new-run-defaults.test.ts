import { describe, expect, it } from 'vitest';
import type { ProviderInfo } from '../../../../shared/providers-api';
import { builders } from '../../../testing/builders';
import { inheritedInterval, inheritedLimit, inheritedProfile } from './inherited-settings';
import { chosenFolderOf, initialModel, initialTemplateName } from './new-run-defaults';
import { humaniseParamName, paramLabel } from './params-fields';

const keyed = builders.provider();
const keyless: ProviderInfo = { ...keyed, apiKeySet: false, apiKeySource: null };
const demo = builders.template({ name: 'demo', model: null, demoModel: 'scripted/demo' });
const declared = builders.template({ name: 'declared', model: 'openai/gpt-5', demoModel: 'scripted/declared' });

describe('initialModel', () => {
  it('picks the scripted demo while no provider has a key, whatever was used last', () => {
    expect(initialModel(declared, [keyless], 'anthropic/claude-sonnet-4-5', { model: 'anthropic/claude-opus-4' })).toBe('scripted/declared');
    expect(initialModel(demo, null, null, {})).toBe('scripted/demo');
  });

  it('with a key: the last-used model, else the template’s, else your default, else the demo', () => {
    expect(initialModel(declared, [keyed], null, { model: 'anthropic/claude-opus-4' })).toBe('anthropic/claude-opus-4');
    expect(initialModel(declared, [keyed], 'anthropic/x', {})).toBe('openai/gpt-5');
    expect(initialModel(demo, [keyed], 'anthropic/x', {})).toBe('anthropic/x');
    expect(initialModel(demo, [keyed], null, {})).toBe('scripted/demo');
  });

  it('reads a last-used scripted model as “this template’s demo”', () => {
    expect(initialModel(declared, [keyed], null, { model: 'scripted/demo-counter' })).toBe('scripted/declared');
  });
});

describe('initialTemplateName', () => {
  it('opens on the template asked for, else the last used, else the first', () => {
    expect(initialTemplateName(['a', 'b', 'c'], 'c', { template: 'b' })).toBe('c');
    expect(initialTemplateName(['a', 'b', 'c'], 'gone', { template: 'b' })).toBe('b');
    expect(initialTemplateName(['a', 'b'], null, { template: 'gone' })).toBe('a');
    expect(initialTemplateName([], null, {})).toBeNull();
  });
});

describe('chosenFolderOf', () => {
  it('gives the repository folder of a worktree run, the folder itself otherwise, and nothing for a fresh folder', () => {
    const worktree = { path: '/data/worktrees/r1', branch: 'autoloop/x-r1', baseRef: 'main', baseCommit: 'abcdef1', repoPath: '/src/repo' };
    expect(chosenFolderOf(builders.run({ id: 'r1', workdir: '/data/worktrees/r1/pkg', worktree }))).toBe('/src/repo/pkg');
    expect(chosenFolderOf(builders.run({ id: 'r1', workdir: '/src/plain' }))).toBe('/src/plain');
    expect(chosenFolderOf(builders.run({ id: 'r1', workdir: '/data/workspaces/r1' }))).toBe('');
  });
});

describe('inherited settings', () => {
  const template = { limits: { maxIterations: 25 }, profile: null, isolation: null, intervalMs: 2_000, network: [], env: [], verify: [] };
  const defaults = { limits: { maxIterations: 99, maxCostUsd: 3 }, profile: 'workspace-write' as const };
  it('says where a value left empty comes from: the template first, then your defaults', () => {
    expect(inheritedLimit('maxIterations', { template, defaults })).toEqual({ value: '25', from: 'template' });
    expect(inheritedLimit('maxCostUsd', { template, defaults })).toEqual({ value: '$3', from: 'defaults' });
    expect(inheritedLimit('maxTokens', { template, defaults })).toEqual({ value: 'No limit', from: null });
    expect(inheritedProfile({ template, defaults })).toEqual({ profile: 'workspace-write', from: 'defaults' });
    expect(inheritedProfile({ template: { ...template, profile: 'read-only' }, defaults })).toEqual({ profile: 'read-only', from: 'template' });
    expect(inheritedInterval(template)).toEqual({ value: '2.0 s', from: 'template' });
  });
});

describe('param labels', () => {
  it('uses the declared label, else the name made readable', () => {
    expect(humaniseParamName('test_command')).toBe('Test command');
    expect(humaniseParamName('maxFiles')).toBe('Max files');
    expect(humaniseParamName('base-URL')).toBe('Base URL');
    expect(paramLabel('goal', { type: 'string', required: true, description: '', label: 'What to fix' })).toBe('What to fix');
  });
});
