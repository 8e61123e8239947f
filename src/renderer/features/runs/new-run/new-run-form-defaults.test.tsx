// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { builders } from '../../../testing/builders';
import { createFakeApiClient } from '../../../testing/fake-api-client';
import { click, getButton, getByLabel, typeInto } from '../../../testing/render';
import { newRunFormPage, testFixerTemplate } from './testing/new-run-form-page';
import { LAST_USED_STORAGE_KEY } from './new-run-defaults';

const template = testFixerTemplate;

describe('NewRunForm: defaults, inherited values, Run again', () => {
  const form = newRunFormPage();

  it('focuses the first field to fix after a refused submit', async () => {
    const client = createFakeApiClient({ 'templates.list': () => [template] });
    const rendered = await form.render(client);
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
    const rendered = await form.render(client);
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
        context: 'fresh',
      },
    });
    const client = createFakeApiClient({ 'templates.list': () => [inheriting] });
    const rendered = await form.render(client);
    const { container } = rendered;
    expect(getByLabel(container, 'Max iterations').placeholder).toBe('25 (from template)');
    expect(getByLabel(container, 'Max tokens').placeholder).toBe('No limit');
    expect(getByLabel<HTMLSelectElement>(container, 'Permissions').options[0]?.textContent).toBe('workspace-write (from template)');
    expect(getByLabel<HTMLSelectElement>(container, 'Isolation').options[0]?.textContent).toBe('auto (worktree inside a git repository, else none)');
    expect(getByLabel(container, 'Allowed hosts').placeholder).toBe('api.github.com (from template)');
    expect(getByLabel<HTMLSelectElement>(container, 'Context').options[0]?.textContent).toBe('fresh (from template)');
    expect(container.querySelector('[data-testid="new-run-summary"]')?.textContent).toContain('iterations 25 (from template)');
    expect(container.querySelector('[data-testid="new-run-summary"]')?.textContent).toContain('Contextfresh (from template)');
    expect(container.querySelector('[data-testid="trusted-warning"]')).toBeNull();
    const profile = getByLabel<HTMLSelectElement>(container, 'Permissions');
    await act(async () => {
      profile.value = 'trusted';
      profile.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(container.querySelector('[data-testid="trusted-warning"]')?.textContent).toContain('outside the sandbox');
  });

  it('offers the three context modes and sends the one chosen', async () => {
    const client = createFakeApiClient({ 'templates.list': () => [template], 'runs.start': () => builders.run({ id: 'r5' }) });
    const rendered = await form.render(client);
    const { container } = rendered;
    await typeInto(getByLabel(container, 'Goal'), 'green');
    const context = getByLabel<HTMLSelectElement>(container, 'Context');
    expect(context.options[0]?.textContent).toBe('carry');
    expect([...context.options].map((option) => option.value)).toEqual(['', 'carry', 'summaries', 'fresh']);
    await act(async () => {
      context.value = 'summaries';
      context.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await click(getButton(container, 'Start run'));
    expect(client.calls.at(-1)?.params).toMatchObject({ context: 'summaries' });
  });

  it('sends the isolation and the allowed hosts, and refuses a host with a scheme at its field', async () => {
    const client = createFakeApiClient({ 'templates.list': () => [template], 'runs.start': () => builders.run({ id: 'r4' }) });
    const rendered = await form.render(client);
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

  it('runs again with an ended run’s template, params, model, folder, limits, profile, isolation, context, agent, verify commands, MCP servers and notifiers', async () => {
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
      context: 'fresh',
      agent: 'claude-code',
      params: { goal: 'parser tests', max_files: 5, test_command: 'npm test' },
      verify: [{ run: 'npm test', name: 'npm test', timeoutMs: 600_000 }],
      mcp: ['github', 'db'],
      notify: ['phone'],
    });
    const client = createFakeApiClient({ 'templates.list': () => [template], 'runs.get': () => ended, 'runs.start': () => builders.run({ id: 'again' }) });
    const rendered = await form.render(client, { template: null, againRunId: 'old' });
    const { container } = rendered;
    expect(container.querySelector('h1')?.textContent).toBe('Run again');
    expect(getByLabel(container, 'Goal').value).toBe('parser tests');
    expect(getByLabel(container, 'Max files').value).toBe('5');
    expect(getByLabel(container, 'Model').value).toBe('anthropic/claude-sonnet-4-5');
    expect(getByLabel(container, 'Agent').value).toBe('claude-code');
    expect(getByLabel(container, 'MCP servers').value).toBe('github, db');
    expect(getByLabel(container, 'Notifiers').value).toBe('phone');
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
        context: 'fresh',
        agent: 'claude-code',
        mcp: ['github', 'db'],
        notify: ['phone'],
      },
    });
  });

  it('runs again with no notifier when the earlier run had none, and with every notifier when it named none', async () => {
    const quiet = builders.run({ id: 'quiet', template: 'test-fixer', status: 'ended', params: { goal: 'x' }, notify: [] });
    const loud = builders.run({ id: 'loud', template: 'test-fixer', status: 'ended', params: { goal: 'x' } });
    const client = createFakeApiClient({
      'templates.list': () => [template],
      'runs.get': (params) => (params.id === 'quiet' ? quiet : loud),
      'runs.start': () => builders.run({ id: 'again' }),
    });
    let rendered = await form.render(client, { template: null, againRunId: 'quiet' });
    expect(getByLabel(rendered.container, 'Notifiers').value).toBe('none');
    expect(getByLabel(rendered.container, 'MCP servers').value).toBe('');
    await click(getButton(rendered.container, 'Start run'));
    expect(client.calls.at(-1)?.params).toMatchObject({ notify: [] });
    rendered = await form.render(client, { template: null, againRunId: 'loud' });
    expect(getByLabel(rendered.container, 'Notifiers').value).toBe('');
    await click(getButton(rendered.container, 'Start run'));
    expect(client.calls.at(-1)?.method).toBe('runs.start');
    expect(client.calls.at(-1)?.params).not.toHaveProperty('notify');
    expect(client.calls.at(-1)?.params).not.toHaveProperty('mcp');
  });
});
