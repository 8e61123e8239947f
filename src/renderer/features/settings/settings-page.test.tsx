// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderInfo } from '../../../shared/providers-api';
import { builders } from '../../testing/builders';
import { applySettingsPatch, DEFAULT_SETTINGS, type SettingsPatch } from '../../../shared/settings';
import { ApiCallError } from '../../api/api-call-error';
import { createFakeApiClient } from '../../testing/fake-api-client';
import { click, getButton, getByLabel, renderWithApi, type Rendered, typeInto } from '../../testing/render';
import { leaveGuardStore } from '../../app/leave-guard';
import { THEME_STORAGE_KEY } from '../../app/theme-store';
import { SettingsPage } from './settings-page';
import { emptySettingsState, settingsStore } from './settings-store';

const anthropic = builders.provider({ apiKeyEnv: 'ANTHROPIC_API_KEY' });

function client(overrides: Parameters<typeof createFakeApiClient>[0] = {}) {
  return createFakeApiClient({
    'settings.get': () => DEFAULT_SETTINGS,
    'providers.list': () => [anthropic],
    'system.info': () => ({ version: '0.1.0', shell: 'server', dataDir: '/home/me/.autoloop', defaultWorkdir: '/tmp', protocol: 1, keyStorage: 'plain' }),
    ...overrides,
  });
}

describe('SettingsPage', () => {
  let rendered: Rendered | null = null;
  beforeEach(() => {
    settingsStore.setState(emptySettingsState, true);
    leaveGuardStore.setState({ guard: null, pendingHash: null });
  });
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('lists providers with their key state only, and shows the engine’s answer to Test', async () => {
    const api = client({
      'providers.test': () => ({ ok: false, message: '401: the key was refused by api.anthropic.com; check the key in Settings → Providers' }),
    });
    rendered = await renderWithApi(<SettingsPage />, api);
    const { container } = rendered;
    expect(container.querySelector('[data-testid="provider-key-anthropic"]')?.textContent).toBe('key set');
    await click(container.querySelector('button[aria-label="Test anthropic"]') as HTMLButtonElement);
    expect(container.querySelector('[data-testid="provider-test-anthropic"]')?.textContent).toContain('401: the key was refused');
    await click(container.querySelector('button[aria-label="Edit anthropic"]') as HTMLButtonElement);
    const key = getByLabel(container, 'API key');
    expect(key.type).toBe('password');
    expect(key.value).toBe('');
    expect(container.querySelector('[data-testid="data-folder"]')?.textContent).toBe('/home/me/.autoloop');
  });

  it('opens the form of the provider a link names (a run whose key was refused), and only that one', async () => {
    const local: ProviderInfo = { ...anthropic, name: 'local', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' };
    rendered = await renderWithApi(<SettingsPage provider="local" />, client({ 'providers.list': () => [anthropic, local] }));
    const { container } = rendered;
    expect(container.querySelector('button[aria-label="Edit local"]')?.getAttribute('aria-expanded')).toBe('true');
    expect(container.querySelector('button[aria-label="Edit anthropic"]')?.getAttribute('aria-expanded')).toBe('false');
    expect(container.querySelector('[data-testid="provider-local"]')?.className).toContain('provider-row-focused');
    expect(getByLabel(container, 'API key').type).toBe('password');
  });

  it('checks a new provider at its fields before asking the engine, then adds it', async () => {
    const api = client({
      'providers.set': ({ name }) => [
        anthropic,
        { ...anthropic, name, type: 'openai-compatible', apiKeySet: false, apiKeySource: null, apiKeyEnv: null, baseUrl: 'http://127.0.0.1:11434/v1' },
      ],
    });
    rendered = await renderWithApi(<SettingsPage />, api);
    const { container } = rendered;
    await click(getButton(container, 'Add a provider'));
    // Headless, with no keyring: the form says where a typed key would go.
    expect(container.querySelector('.provider-form')?.textContent).toContain('stored in plain text in a private file in the data folder');
    await typeInto(getByLabel(container, 'Name'), 'ollama');
    await typeInto(getByLabel(container, 'Base URL'), 'localhost:11434');
    await click(getButton(container, 'Add provider'));
    expect(container.querySelector('#provider-new-baseUrl-error')?.textContent).toBe('a base URL starts with http:// or https://');
    expect(api.calls.some((call) => call.method === 'providers.set')).toBe(false);
    await typeInto(getByLabel(container, 'Base URL'), 'http://127.0.0.1:11434/v1');
    await click(getButton(container, 'Add provider'));
    expect(api.calls.at(-1)).toEqual({
      method: 'providers.set',
      params: { name: 'ollama', config: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1' } },
    });
    expect(container.querySelector('[data-testid="provider-ollama"]')).not.toBeNull();
  });

  it('has one save bar for the page: it names the sections with unsaved changes and saves them all in one call', async () => {
    const saved: SettingsPatch[] = [];
    const api = client({
      'settings.set': (patch) => {
        saved.push(patch);
        if (patch.budgets?.dailyMaxCostUsd === 99) throw new ApiCallError('settings.set', { code: 'invalid_input', message: 'too much' });
        return applySettingsPatch(DEFAULT_SETTINGS, patch);
      },
    });
    rendered = await renderWithApi(<SettingsPage />, api);
    const { container } = rendered;
    const state = (): string | null | undefined => container.querySelector('[data-testid="settings-save-state"]')?.textContent;
    expect(container.querySelectorAll('button[type="submit"]')).toHaveLength(1);
    expect(state()).toBe('No unsaved changes.');
    expect(getButton(container, 'Save changes').disabled).toBe(true);
    await typeInto(getByLabel(container, 'Cost per day (USD)'), '5');
    const ended = [...container.querySelectorAll('label')].find((label) => label.textContent?.includes('A run ended'))?.querySelector('input');
    await act(async () => ended?.click());
    expect(state()).toBe('Unsaved changes: Daily budgets, Notifications');
    expect(leaveGuardStore.getState().guard?.what).toBe('your changes to the settings');
    await click(getButton(container, 'Save changes'));
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      budgets: { dailyMaxTokens: null, dailyMaxCostUsd: 5 },
      notifications: { runEnded: false },
      runDefaults: { profile: 'ask' },
    });
    expect(settingsStore.getState().settings?.budgets.dailyMaxCostUsd).toBe(5);
    expect(state()).toBe('Saved.');
    expect(leaveGuardStore.getState().guard).toBeNull();
    await typeInto(getByLabel(container, 'Cost per day (USD)'), '99');
    await click(getButton(container, 'Save changes'));
    expect(container.querySelector('[data-testid="settings-save-bar"] [role="alert"]')?.textContent).toBe('Could not save: too much');
    expect(state()).toBe('Unsaved changes: Daily budgets');
  });

  it('checks every field before saving, focuses the first to fix, and Discard puts the saved values back', async () => {
    const api = client({ 'settings.set': (patch) => applySettingsPatch(DEFAULT_SETTINGS, patch) });
    rendered = await renderWithApi(<SettingsPage />, api);
    const { container } = rendered;
    await typeInto(getByLabel(container, 'Max iterations'), 'many');
    await typeInto(getByLabel(container, 'Tokens per day'), 'lots');
    await click(getButton(container, 'Save changes'));
    await act(async () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
    expect(container.querySelector('#defaults-maxIterations-error')?.textContent).toBe('Use a whole number of at least 1');
    expect(container.querySelector('#budgets-dailyMaxTokens-error')?.textContent).toBe('Use a whole number of at least 1');
    expect(document.activeElement).toBe(getByLabel(container, 'Max iterations'));
    expect(api.calls.some((call) => call.method === 'settings.set')).toBe(false);
    await click(getButton(container, 'Discard'));
    expect(getByLabel(container, 'Max iterations').value).toBe('');
    expect(getByLabel(container, 'Tokens per day').value).toBe('');
    expect(container.querySelector('[data-testid="settings-save-state"]')?.textContent).toBe('No unsaved changes.');
  });

  it('saves the concurrency caps with the rest: the overall cap and one per provider, an empty one left to the overall cap', async () => {
    const saved: SettingsPatch[] = [];
    const api = client({ 'settings.set': (patch) => (saved.push(patch), applySettingsPatch(DEFAULT_SETTINGS, patch)) });
    rendered = await renderWithApi(<SettingsPage />, api);
    const { container } = rendered;
    expect(getByLabel(container, 'Runs at once').value).toBe('4');
    await typeInto(getByLabel(container, 'Runs at once'), 'lots');
    await click(getButton(container, 'Save changes'));
    expect(container.querySelector('#concurrency-maxConcurrentRuns-error')?.textContent).toBe('Use a whole number from 0 (no limit) to 1000');
    expect(saved).toHaveLength(0);
    await typeInto(getByLabel(container, 'Runs at once'), '2');
    await typeInto(getByLabel(container, 'anthropic runs at once'), '1');
    expect(container.querySelector('[data-testid="settings-save-state"]')?.textContent).toBe('Unsaved changes: Concurrent runs');
    await click(getButton(container, 'Save changes'));
    expect(saved[0]?.concurrency).toEqual({ maxConcurrentRuns: 2, perProvider: { anthropic: 1 } });
    expect(settingsStore.getState().settings?.concurrency).toEqual({ maxConcurrentRuns: 2, perProvider: { anthropic: 1 } });
  });

  it('compacts the database and shows the sizes before and after', async () => {
    const api = client({ 'system.compact': () => ({ beforeBytes: 3 * 1024 * 1024, afterBytes: 1024 * 1024 }) });
    rendered = await renderWithApi(<SettingsPage />, api);
    await click(getButton(rendered.container, 'Compact'));
    expect(rendered.container.querySelector('[data-testid="maintenance-outcome"]')?.textContent).toBe('Compacted: 3.0 MiB before, 1.0 MiB after.');
  });

  it('switches to the dark theme and remembers it', async () => {
    rendered = await renderWithApi(<SettingsPage />, client());
    const dark = rendered.container.querySelector<HTMLInputElement>('input[type="radio"][value="dark"]') as HTMLInputElement;
    await act(async () => dark.click());
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
  });
});
