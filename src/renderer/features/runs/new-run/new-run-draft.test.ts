import { describe, expect, it } from 'vitest';
import { builders } from '../../../testing/builders';
import { checkDraft, draftForTemplate, fieldErrorsFromApiError } from './new-run-draft';

const template = builders.template({
  name: 'test-fixer',
  model: 'anthropic/claude-sonnet-4-5',
  params: {
    test_command: { type: 'string', default: 'npm test', required: false, description: 'how to run the tests' },
    max_files: { type: 'number', default: 3, required: false, description: '' },
    dry_run: { type: 'boolean', default: true, required: false, description: '' },
    goal: { type: 'string', required: true, description: 'what to fix' },
  },
});

describe('draftForTemplate', () => {
  it('prefills defaults, the template name and its model', () => {
    expect(draftForTemplate(template)).toEqual({
      template: 'test-fixer',
      name: 'test-fixer',
      workdir: '',
      model: 'anthropic/claude-sonnet-4-5',
      maxIterations: '',
      maxTokens: '',
      maxCostUsd: '',
      maxDuration: '',
      interval: '',
      profile: '',
      verify: '',
      isolation: '',
      context: '',
      agent: '',
      network: '',
      env: '',
      mcp: '',
      notify: '',
      params: { test_command: 'npm test', max_files: '3', dry_run: true, goal: '' },
    });
  });

  it('falls back to the demo model and keeps run settings already typed', () => {
    const previous = { ...draftForTemplate(template), workdir: '/src/app', interval: '2s' };
    const draft = draftForTemplate(builders.template({ model: null, demoModel: 'scripted/demo-counter' }), previous);
    expect(draft).toMatchObject({ model: 'scripted/demo-counter', workdir: '/src/app', interval: '2s', name: 'demo' });
  });
});

describe('checkDraft', () => {
  it('sends the MCP servers named, and refuses a name no server can have', () => {
    const draft = { ...draftForTemplate(template), params: { ...draftForTemplate(template).params, goal: 'green' }, mcp: 'github, docs github' };
    expect(checkDraft(draft, template)).toMatchObject({ ok: true, params: { mcp: ['github', 'docs'] } });
    expect(checkDraft({ ...draft, mcp: 'a__b' }, template)).toMatchObject({
      ok: false,
      errors: { mcp: expect.stringContaining('"a__b" is not an MCP server name') },
    });
  });

  it('sends the notifiers named, none for "none", leaves them out when blank, and refuses a name no notifier can have', () => {
    const draft = { ...draftForTemplate(template), params: { ...draftForTemplate(template).params, goal: 'green' } };
    expect(checkDraft({ ...draft, notify: 'phone, hook phone' }, template)).toMatchObject({ ok: true, params: { notify: ['phone', 'hook'] } });
    expect(checkDraft({ ...draft, notify: ' None ' }, template)).toMatchObject({ ok: true, params: { notify: [] } });
    const blank = checkDraft(draft, template);
    expect(blank.ok && 'notify' in blank.params).toBe(false);
    expect(checkDraft({ ...draft, notify: 'my/hook' }, template)).toMatchObject({
      ok: false,
      errors: { notify: expect.stringContaining('"my/hook" is not a notifier name') },
    });
    expect(fieldErrorsFromApiError({ message: 'no notifier named "pager"', details: { field: 'notify' } }, [])).toEqual({
      notify: 'no notifier named "pager"',
    });
  });

  it('coerces numbers and sends limits and the interval in milliseconds', () => {
    const draft = {
      ...draftForTemplate(template),
      params: { ...draftForTemplate(template).params, goal: 'green', max_files: '7' },
      maxIterations: '5',
      interval: '1m30s',
    };
    expect(checkDraft(draft, template)).toEqual({
      ok: true,
      params: {
        template: 'test-fixer',
        name: 'test-fixer',
        model: 'anthropic/claude-sonnet-4-5',
        params: { test_command: 'npm test', max_files: 7, dry_run: true, goal: 'green' },
        limits: { maxIterations: 5 },
        loop: { intervalMs: 90_000 },
      },
    });
  });

  it('names every field that needs fixing', () => {
    const draft = { ...draftForTemplate(template), params: { ...draftForTemplate(template).params, max_files: 'many' }, maxIterations: '-1', interval: 'soon' };
    const checked = checkDraft(draft, template);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? {} : checked.errors).toEqual({
      'param:goal': 'goal is required: what to fix',
      'param:max_files': 'max_files must be a number, not "many"',
      maxIterations: 'Use a whole number (0 means no limit)',
      interval: 'Use a duration such as 2s, 500ms, 1m or 1h30m',
    });
  });

  it('sends every limit typed and the chosen permission profile', () => {
    const base = draftForTemplate(template);
    const draft = {
      ...base,
      params: { ...base.params, goal: 'x' },
      maxTokens: '20000',
      maxCostUsd: '2.5',
      maxDuration: '1h30m',
      profile: 'workspace-write' as const,
    };
    const checked = checkDraft(draft, template);
    expect(checked.ok && checked.params).toMatchObject({
      limits: { maxTokens: 20_000, maxCostUsd: 2.5, maxDurationMs: 5_400_000 },
      permissions: { profile: 'workspace-write' },
    });
  });

  it('says which limit does not parse', () => {
    const base = draftForTemplate(template);
    const draft = { ...base, params: { ...base.params, goal: 'x' }, maxTokens: '1.5', maxCostUsd: 'free', maxDuration: 'forever' };
    const checked = checkDraft(draft, template);
    expect(checked.ok ? {} : checked.errors).toEqual({
      maxTokens: 'Use a whole number (0 means no limit)',
      maxCostUsd: 'Use an amount in US dollars such as 5 or $2.50',
      maxDuration: 'Use a duration such as 90s, 15m or 2h',
    });
  });

  it('checks a param with the engine’s own rules, its choices included', () => {
    const choosy = builders.template({ params: { mode: { type: 'string', required: false, description: '', enum: ['fast', 'slow'] } } });
    const draft = { ...draftForTemplate(choosy), params: { mode: 'medium' } };
    const checked = checkDraft(draft, choosy);
    expect(checked.ok ? {} : checked.errors).toEqual({ 'param:mode': 'mode must be one of fast, slow' });
  });

  it('leaves out empty optional settings so the engine picks them', () => {
    const draft = { ...draftForTemplate(template), name: ' ', model: '', params: { ...draftForTemplate(template).params, goal: 'x', max_files: '' } };
    const checked = checkDraft(draft, template);
    expect(checked.ok && checked.params).toEqual({ template: 'test-fixer', params: { test_command: 'npm test', dry_run: true, goal: 'x' } });
  });
});

describe('fieldErrorsFromApiError', () => {
  it('uses details.params when the engine sends them', () => {
    const errors = fieldErrorsFromApiError({ message: 'Bad params', details: { params: { goal: 'goal is required', other: 'x' } } }, ['goal']);
    expect(errors).toEqual({ 'param:goal': 'goal is required' });
  });

  it('puts a message with details.field under that run setting', () => {
    expect(fieldErrorsFromApiError({ message: 'The working folder /nope does not exist', details: { field: 'workdir' } }, ['goal'])).toEqual({
      workdir: 'The working folder /nope does not exist',
    });
  });

  it('puts a message under no field when the engine names none, whatever words it uses', () => {
    expect(fieldErrorsFromApiError({ message: 'max_files must be a number, not "many"' }, ['max_files', 'files', 'goal'])).toEqual({});
  });
});
