// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../../../api/api-call-error';
import { builders } from '../../../testing/builders';
import { createFakeApiClient } from '../../../testing/fake-api-client';
import { click, getButton, getByLabel, typeInto } from '../../../testing/render';
import { newRunFormPage, testFixerTemplate } from './testing/new-run-form-page';
import { receiveProviders } from '../../settings/settings-store';
import { runsStore } from '../runs-store';

const template = testFixerTemplate;

describe('NewRunForm', () => {
  const form = newRunFormPage();

  it('prefills the template’s defaults, name and demo model', async () => {
    const client = createFakeApiClient({ 'templates.list': () => [template] });
    const rendered = await form.render(client);
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
    const rendered = await form.render(client);
    await click(getButton(rendered.container, 'Start run'));
    const goal = getByLabel(rendered.container, 'Goal');
    expect(goal.getAttribute('aria-invalid')).toBe('true');
    expect(rendered.container.querySelector('#param-goal-error')?.textContent).toBe('goal is required: what to fix');
    expect(rendered.container.querySelector('[role="alert"]')?.textContent).toBe('Some fields need attention.');
    expect(client.calls.map((call) => call.method)).toEqual(['templates.list']);
  });

  it('sends numbers as numbers and the interval in milliseconds, then opens the run', async () => {
    const client = createFakeApiClient({ 'templates.list': () => [template], 'runs.start': () => builders.run({ id: 'new-run' }) });
    const rendered = await form.render(client);
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
    const rendered = await form.render(client);
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
    const rendered = await form.render(client);
    await typeInto(getByLabel(rendered.container, 'Goal'), 'green');
    await typeInto(getByLabel<HTMLTextAreaElement>(rendered.container, 'Verify commands'), Array.from({ length: 21 }, (_, n) => `check ${n}`).join('\n'));
    await click(getButton(rendered.container, 'Start run'));
    expect(rendered.container.querySelector('#run-verify-error')?.textContent).toBe('Use at most 20 commands');
    expect(client.calls.map((call) => call.method)).toEqual(['templates.list']);
  });

  it('shows an interval that does not parse as a field error', async () => {
    const client = createFakeApiClient({ 'templates.list': () => [template] });
    const rendered = await form.render(client);
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
    const rendered = await form.render(client);
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
    const rendered = await form.render(client);
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
    const rendered = await form.render(client);
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
    const rendered = await form.render(client);
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
});
