// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiCallError } from '../../../api/api-call-error';
import { builders } from '../../../testing/builders';
import { createFakeApiClient } from '../../../testing/fake-api-client';
import { click, getButton, getByLabel, renderWithApi, type Rendered, typeInto } from '../../../testing/render';
import { emptySettingsState, receiveProviders, settingsStore } from '../../settings/settings-store';
import { emptyTemplatesState, templatesStore } from '../../templates/templates-store';
import { LAST_USED_STORAGE_KEY } from './new-run-defaults';
import { NewRunForm } from './new-run-form';
import { emptyRunsState, runsStore } from '../runs-store';

const template = builders.template({
  name: 'test-fixer',
  description: 'Fix failing tests one at a time.',
  model: null,
  demoModel: 'scripted/demo-counter',
  params: {
    test_command: { type: 'string', default: 'npm test', required: false, description: 'how to run the tests' },
    max_files: { type: 'number', default: 3, required: false, description: '' },
    goal: { type: 'string', required: true, description: 'what to fix' },
  },
});

describe('NewRunForm', () => {
  let rendered: Rendered | null = null;
  beforeEach(() => {
    templatesStore.setState(emptyTemplatesState, true);
    runsStore.setState(emptyRunsState, true);
    settingsStore.setState(emptySettingsState, true);
    window.location.hash = '#/new';
    window.localStorage.clear();
  });
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('prefills the template’s defaults, name and demo model', async () => {
    const client = createFakeApiClient({ 'templates.list': () => [template] });
    rendered = await renderWithApi(<NewRunForm />, client);
    const { container } = rendered;
    expect(getByLabel<HTMLSelectElement>(container, 'Template').value).toBe('test-fixer');
    expect(container.textContent).toContain('Fix failing tests one at a time.');
    expect(getByLabel(container, 'Test command').value).toBe('npm test');
    expect(getByLabel(container, 'Max files').value).toBe('3');
    expect(getByLabel(container, 'Max files').type).toBe('number');
    expect(getByLabel(container, 'Name').value).toBe('test-fixer');
    expect(getByLabel(container, 'Model').value).toBe('scripted/demo-counter');
    expect(getByLabel(container, 'Working folder').placeholder).toContain('a fresh folder is made');
  });

  it('shows the required error and does not call the engine', async () => {
    const client = createFakeApiClient({ 'templates.list': () => [template] });
    rendered = await renderWithApi(<NewRunForm />, client);
    await click(getButton(rendered.container, 'Start run'));
    const goal = getByLabel(rendered.container, 'Goal');
    expect(goal.getAttribute('aria-invalid')).toBe('true');
    expect(rendered.container.querySelector('#param-goal-error')?.textContent).toBe('goal is required: what to fix');
    expect(rendered.container.querySelector('[role="alert"]')?.textContent).toBe('Some fields need attention.');
    expect(client.calls.map((call) => call.method)).toEqual(['templates.list']);
  });

  it('sends numbers as numbers and the interval in milliseconds, then opens the run', async () => {
    const client = createFakeApiClient({ 'templates.list': () => [template], 'runs.start': () => builders.run({ id: 'new-run' }) });
    rendered = await renderWithApi(<NewRunForm />, client);
    const { container } = rendered;
    await typeInto(getByLabel(container, 'Goal'), 'make it green');
    await typeInto(getByLabel(container, 'Max files'), '12');
    await typeInto(getByLabel(container, 'Interval'), '2s');
    await click(getButton(container, 'Start run'));
    expect(client.calls.at(-1)).toEqual({
      method: 'runs.start',
      params: {
        template: 'test-fixer',
        name: 'test-fixer',
        model: 'scripted/demo-counter',
        params: { test_command: 'npm test', max_files: 12, goal: 'make it green' },
        loop: { intervalMs: 2_000 },
      },
    });
    expect(window.location.hash).toBe('#/runs/new-run');
    expect(runsStore.getState().byId['new-run']).toBeDefined();
  });

  // An empty box sends no `verify` (the template's commands apply): the exact params of the test above show it.
  it('sends the verify commands typed one a line', async () => {
    const client = createFakeApiClient({ 'templates.list': () => [template], 'runs.start': () => builders.run({ id: 'verified' }) });
    rendered = await renderWithApi(<NewRunForm />, client);
    const { container } = rendered;
    const verify = getByLabel<HTMLTextAreaElement>(container, 'Verify commands');
    expect(verify.tagName).toBe('TEXTAREA');
    expect(container.querySelector('#run-verify-help')?.textContent).toContain('The run completes only when every one exits 0');
    await typeInto(getByLabel(container, 'Goal'), 'green');
    await typeInto(verify, 'npm test\n\n  npm run lint  \n');
    await click(getButton(container, 'Start run'));
    expect(client.calls.at(-1)?.params).toMatchObject({ verify: ['npm test', 'npm run lint'] });
  });

  it('refuses more verify commands than a run may have at the field', async () => {
    const client = createFakeApiClient({ 'templates.list': () => [template] });
    rendered = await renderWithApi(<NewRunForm />, client);
    await typeInto(getByLabel(rendered.container, 'Goal'), 'green');
    await typeInto(getByLabel<HTMLTextAreaElement>(rendered.container, 'Verify commands'), Array.from({ length: 21 }, (_, n) => `check ${n}`).join('\n'));
    await click(getButton(rendered.container, 'Start run'));
    expect(rendered.container.querySelector('#run-verify-error')?.textContent).toBe('Use at most 20 commands');
    expect(client.calls.map((call) => call.method)).toEqual(['templates.list']);
  });

  it('shows an interval that does not parse as a field error', async () => {
    const client = createFakeApiClient({ 'templates.list': () => [template] });
    rendered = await renderWithApi(<NewRunForm />, client);
    await typeInto(getByLabel(rendered.container, 'Interval'), 'soon');
    await click(getButton(rendered.container, 'Start run'));
    expect(rendered.container.querySelector('#run-interval-error')?.textContent).toContain('Use a duration');
  });

  it('shows the engine’s refusal next to the button and under the param it names', async () => {
    const client = createFakeApiClient({
      'templates.list': () => [template],
      'runs.start': () => {
        throw new ApiCallError('runs.start', { code: 'invalid_input', message: 'goal must not be "x"', details: { params: { goal: 'goal must not be "x"' } } });
      },
    });
    rendered = await renderWithApi(<NewRunForm />, client);
    await typeInto(getByLabel(rendered.container, 'Goal'), 'x');
    await click(getButton(rendered.container, 'Start run'));
    expect(rendered.container.querySelector('[role="alert"]')?.textContent).toBe('goal must not be "x"');
    expect(rendered.container.querySelector('#param-goal-error')?.textContent).toBe('goal must not be "x"');
    expect(window.location.hash).toBe('#/new');
  });

  it('picks a provider for the model and keeps the model id typed', async () => {
    receiveProviders([
      {
        name: 'anthropic',
        type: 'anthropic',
        baseUrl: 'https://api.anthropic.com/v1',
        apiKeySet: true,
        apiKeySource: 'env',
        apiKeyEnv: 'ANTHROPIC_API_KEY',
        contextWindow: null,
      },
      {
        name: 'local',
        type: 'openai-compatible',
        baseUrl: 'http://127.0.0.1:11434/v1',
        apiKeySet: false,
        apiKeySource: null,
        apiKeyEnv: null,
        contextWindow: null,
      },
    ]);
    const client = createFakeApiClient({ 'templates.list': () => [template] });
    rendered = await renderWithApi(<NewRunForm />, client);
    const { container } = rendered;
    const provider = getByLabel<HTMLSelectElement>(container, 'Provider');
    expect(provider.value).toBe('demo');
    expect([...provider.options].map((option) => option.textContent)).toEqual([
      'Scripted demo (scripted/demo-counter), no key, no cost',
      'anthropic (anthropic)',
      'local (openai-compatible)',
      'Other: type provider/model',
    ]);
    await act(async () => {
      provider.value = 'provider:anthropic';
      provider.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(getByLabel(container, 'Model').value).toBe('anthropic/');
    await typeInto(getByLabel(container, 'Model'), 'local/qwen3');
    expect(getByLabel<HTMLSelectElement>(container, 'Provider').value).toBe('provider:local');
  });

  it('says in plain words what the chosen permission profile lets the run do, and sends it with the limits', async () => {
    const client = createFakeApiClient({ 'templates.list': () => [template], 'runs.start': () => builders.run({ id: 'r2' }) });
    rendered = await renderWithApi(<NewRunForm />, client);
    const { container } = rendered;
    const profile = getByLabel<HTMLSelectElement>(container, 'Permissions');
    await act(async () => {
      profile.value = 'workspace-write';
      profile.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(container.querySelector('[data-testid="profile-preview"]')?.textContent).toBe(
      'Reads and writes files in the working folder. Asks you before it runs a command or uses the network.',
    );
    await typeInto(getByLabel(container, 'Goal'), 'green');
    await typeInto(getByLabel(container, 'Max cost (USD)'), '1.5');
    await typeInto(getByLabel(container, 'Max duration'), '45m');
    await click(getButton(container, 'Start run'));
    expect(client.calls.at(-1)?.params).toMatchObject({ limits: { maxCostUsd: 1.5, maxDurationMs: 2_700_000 }, permissions: { profile: 'workspace-write' } });
  });

  it('shows a limit that does not parse and an engine error about the folder at their fields', async () => {
    const client = createFakeApiClient({
      'templates.list': () => [template],
      'runs.start': () => {
        throw new ApiCallError('runs.start', { code: 'invalid_input', message: 'The working folder /nope does not exist', details: { field: 'workdir' } });
      },
    });
    rendered = await renderWithApi(<NewRunForm />, client);
    const { container } = rendered;
    await typeInto(getByLabel(container, 'Goal'), 'green');
    await typeInto(getByLabel(container, 'Max tokens'), 'many');
    await click(getButton(container, 'Start run'));
    expect(container.querySelector('#run-maxTokens-error')?.textContent).toBe('Use a whole number (0 means no limit)');
    await typeInto(getByLabel(container, 'Max tokens'), '');
    await typeInto(getByLabel(container, 'Working folder'), '/nope');
    await click(getButton(container, 'Start run'));
    expect(container.querySelector('#run-workdir-error')?.textContent).toBe('The working folder /nope does not exist');
    expect(getByLabel(container, 'Working folder').getAttribute('aria-invalid')).toBe('true');
  });

  it('focuses the first field to fix after a refused submit', async () => {
    const client = createFakeApiClient({ 'templates.list': () => [template] });
    rendered = await renderWithApi(<NewRunForm />, client);
    const { container } = rendered;
    await typeInto(getByLabel(container, 'Max tokens'), 'many');
    await click(getButton(container, 'Start run'));
    expect(document.activeElement).toBe(getByLabel(container, 'Goal'));
    await typeInto(getByLabel(container, 'Goal'), 'green');
    await click(getButton(container, 'Start run'));
    expect(document.activeElement).toBe(getByLabel(container, 'Max tokens'));
  });

  it('opens on the last-used template, model and folder, and remembers what a run started with', async () => {
    const other = builders.template({ name: 'other', model: null, demoModel: 'scripted/other-demo', params: {} });
    window.localStorage.setItem(LAST_USED_STORAGE_KEY, JSON.stringify({ template: 'other', model: 'scripted/demo-counter', workdir: '/src/app' }));
    const client = createFakeApiClient({ 'templates.list': () => [template, other], 'runs.start': () => builders.run({ id: 'r3' }) });
    rendered = await renderWithApi(<NewRunForm />, client);
    const { container } = rendered;
    expect(getByLabel<HTMLSelectElement>(container, 'Template').value).toBe('other');
    // No provider has a key: the scripted demo of this template, which needs none.
    expect(getByLabel(container, 'Model').value).toBe('scripted/other-demo');
    expect(getByLabel(container, 'Working folder').value).toBe('/src/app');
    await typeInto(getByLabel(container, 'Working folder'), '/src/next');
    await click(getButton(container, 'Start run'));
    expect(JSON.parse(window.localStorage.getItem(LAST_USED_STORAGE_KEY) ?? '{}')).toEqual({
      template: 'other',
      model: 'scripted/other-demo',
      workdir: '/src/next',
    });
  });

  it('shows inherited limits and profile as such, and warns about Trusted', async () => {
    const inheriting = builders.template({
      ...template,
      runSettings: {
        limits: { maxIterations: 25 },
        profile: 'workspace-write',
        isolation: null,
        intervalMs: null,
        network: ['api.github.com'],
        env: [],
        verify: [],
      },
    });
    const client = createFakeApiClient({ 'templates.list': () => [inheriting] });
    rendered = await renderWithApi(<NewRunForm />, client);
    const { container } = rendered;
    expect(getByLabel(container, 'Max iterations').placeholder).toBe('25 (from template)');
    expect(getByLabel(container, 'Max tokens').placeholder).toBe('No limit');
    expect(getByLabel<HTMLSelectElement>(container, 'Permissions').options[0]?.textContent).toBe('workspace-write (from template)');
    expect(getByLabel<HTMLSelectElement>(container, 'Isolation').options[0]?.textContent).toBe('auto (worktree inside a git repository, else none)');
    expect(getByLabel(container, 'Allowed hosts').placeholder).toBe('api.github.com (from template)');
    expect(container.querySelector('[data-testid="new-run-summary"]')?.textContent).toContain('iterations 25 (from template)');
    expect(container.querySelector('[data-testid="trusted-warning"]')).toBeNull();
    const profile = getByLabel<HTMLSelectElement>(container, 'Permissions');
    await act(async () => {
      profile.value = 'trusted';
      profile.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(container.querySelector('[data-testid="trusted-warning"]')?.textContent).toContain('outside the sandbox');
  });

  it('sends the isolation and the allowed hosts, and refuses a host with a scheme at its field', async () => {
    const client = createFakeApiClient({ 'templates.list': () => [template], 'runs.start': () => builders.run({ id: 'r4' }) });
    rendered = await renderWithApi(<NewRunForm />, client);
    const { container } = rendered;
    await typeInto(getByLabel(container, 'Goal'), 'green');
    const isolation = getByLabel<HTMLSelectElement>(container, 'Isolation');
    await act(async () => {
      isolation.value = 'none';
      isolation.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await typeInto(getByLabel(container, 'Allowed hosts'), 'https://api.github.com');
    await click(getButton(container, 'Start run'));
    expect(container.querySelector('#run-network-error')?.textContent).toContain('"https://api.github.com" is not a host name');
    expect(document.activeElement).toBe(getByLabel(container, 'Allowed hosts'));
    await typeInto(getByLabel(container, 'Allowed hosts'), 'api.github.com, *.npmjs.org');
    await typeInto(getByLabel(container, 'Pass environment variables'), 'SSH_AUTH_SOCK');
    await click(getButton(container, 'Start run'));
    expect(client.calls.at(-1)?.params).toMatchObject({ isolation: 'none', network: ['api.github.com', '*.npmjs.org'], env: ['SSH_AUTH_SOCK'] });
  });

  it('runs again with an ended run’s template, params, model, folder, limits, profile, isolation and verify commands', async () => {
    const ended = builders.run({
      id: 'old',
      name: 'fix the parser',
      template: 'test-fixer',
      status: 'ended',
      model: 'anthropic/claude-sonnet-4-5',
      workdir: '/src/app',
      limits: { maxIterations: 30, maxCostUsd: 2 },
      permissions: { profile: 'workspace-write', rules: [] },
      isolation: 'none',
      params: { goal: 'parser tests', max_files: 5, test_command: 'npm test' },
      verify: [{ run: 'npm test', name: 'npm test', timeoutMs: 600_000 }],
    });
    const client = createFakeApiClient({ 'templates.list': () => [template], 'runs.get': () => ended, 'runs.start': () => builders.run({ id: 'again' }) });
    rendered = await renderWithApi(<NewRunForm origin={{ template: null, againRunId: 'old' }} />, client);
    const { container } = rendered;
    expect(container.querySelector('h1')?.textContent).toBe('Run again');
    expect(getByLabel(container, 'Goal').value).toBe('parser tests');
    expect(getByLabel(container, 'Max files').value).toBe('5');
    expect(getByLabel(container, 'Model').value).toBe('anthropic/claude-sonnet-4-5');
    await click(getButton(container, 'Start run'));
    expect(client.calls.at(-1)).toEqual({
      method: 'runs.start',
      params: {
        template: 'test-fixer',
        name: 'fix the parser',
        params: { goal: 'parser tests', max_files: 5, test_command: 'npm test' },
        workdir: '/src/app',
        model: 'anthropic/claude-sonnet-4-5',
        limits: { maxIterations: 30, maxCostUsd: 2 },
        permissions: { profile: 'workspace-write' },
        verify: ['npm test'],
        isolation: 'none',
      },
    });
  });
});
