// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { approvalsStore, emptyApprovalsState } from '../features/approvals/approvals-store';
import { applyRunFetched, emptyRunsState, runsStore } from '../features/runs/runs-store';
import { emptySettingsState, settingsStore } from '../features/settings/settings-store';
import { builders } from '../testing/builders';
import { createFakeApiClient } from '../testing/fake-api-client';
import { renderWithApi, type Rendered } from '../testing/render';
import { App } from './app';
import { initialConnectionState, receiveConnectionState } from '../api/connection-store';

const today = new Date().toISOString();

function client(connectionWarning?: string) {
  return createFakeApiClient({
    'system.info': () => ({ version: '0.1.0', shell: 'server', dataDir: '/d', defaultWorkdir: '/tmp', protocol: 1, keyStorage: 'plain', connectionWarning }),
    'runs.list': () => ({
      runs: [
        builders.run({ id: 'r1', startedAt: today, createdAt: today, costUsd: 1.25 }),
        builders.run({ id: 'r2', status: 'ended', startedAt: today, createdAt: today, costUsd: 0.5 }),
      ],
      nextCursor: null,
    }),
    'approvals.list': () => [builders.approval({ id: 'a1' })],
    'settings.get': () => ({ ...DEFAULT_SETTINGS, budgets: { dailyMaxTokens: null, dailyMaxCostUsd: 10 } }),
    'providers.list': () => [],
    'templates.list': () => [],
    'usage.today': () => ({ day: today.slice(0, 10), tokens: 1_000, costUsd: 1.75, unpricedResponses: 0 }),
  });
}

async function press(key: string, target: EventTarget = document.body): Promise<void> {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

describe('App shell', () => {
  let rendered: Rendered | null = null;
  beforeEach(() => {
    window.location.hash = '#/runs';
    runsStore.setState(emptyRunsState, true);
    approvalsStore.setState(emptyApprovalsState, true);
    settingsStore.setState(emptySettingsState, true);
  });
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
    receiveConnectionState(initialConnectionState);
  });

  it('greys its counts while disconnected and never claims runs keep going; a refused token says how to reopen', async () => {
    rendered = await renderWithApi(<App />, client());
    const app = rendered.container.querySelector('[data-testid="app"]');
    expect(app?.className).toBe('app');
    await act(async () => receiveConnectionState({ status: 'reconnecting', retryInMs: 2_000, reconnects: 0 }));
    expect(app?.className).toBe('app app-disconnected');
    const banner = (): string => rendered?.container.querySelector('[data-testid="connection-banner"]')?.textContent ?? '';
    expect(banner()).toContain('next try in 2 s');
    expect(banner()).toContain('if Autoloop stopped, it paused them');
    expect(banner()).not.toMatch(/Runs keep going on the engine/);
    await act(async () => receiveConnectionState({ status: 'refused', retryInMs: null, reconnects: 0 }));
    expect(app?.className).toBe('app app-disconnected');
    expect(banner()).toContain('Autoloop was restarted with a new access token.');
    expect(banner()).toContain('Open the URL that autoloop serve printed');
    await act(async () => receiveConnectionState({ status: 'open', retryInMs: null, reconnects: 1 }));
    expect(app?.className).toBe('app');
    expect(rendered.container.querySelector('[data-testid="connection-banner"]')).toBeNull();
  });

  it('says in the document title and the favicon how many approvals and budget pauses wait, and goes back to plain at zero', async () => {
    rendered = await renderWithApi(<App />, client());
    expect(document.title).toBe('(1) Autoloop');
    expect(document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href).toMatch(/^data:image\/svg\+xml,/);
    await act(async () => runsStore.setState(applyRunFetched(runsStore.getState(), builders.run({ id: 'r3', status: 'paused', pauseReason: 'budget' }), 0)));
    expect(document.title).toBe('(2) Autoloop');
    await act(async () => {
      approvalsStore.setState(emptyApprovalsState, true);
      runsStore.setState(emptyRunsState, true);
    });
    expect(document.title).toBe('Autoloop');
    expect(document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.getAttribute('href')).toBe('data:,');
  });

  it('shows active runs, pending approvals and today’s spend against the daily limit', async () => {
    rendered = await renderWithApi(<App />, client());
    const { container } = rendered;
    expect(container.querySelector('[data-testid="running-count"]')?.textContent).toBe('1 running');
    expect(container.querySelector('[data-testid="pending-approvals"]')?.textContent).toBe('1 approval pending');
    expect(container.querySelector('[data-testid="today-spend"]')?.textContent).toBe('$1.75 of $10.00 today');
    // The icons are decoration (aria-hidden); the names are the labels, which stay when the sidebar shrinks to icons.
    const names = (link: Element): string =>
      [...link.childNodes].map((node) => (node instanceof Element && node.getAttribute('aria-hidden') === 'true' ? '' : node.textContent)).join('');
    expect([...container.querySelectorAll('nav[aria-label="Main"] a')].map((link) => link.getAttribute('title'))).toEqual([
      'Runs',
      'New run',
      'Templates',
      'Schedules',
      'Approvals',
      'Settings',
    ]);
    expect([...container.querySelectorAll('nav[aria-label="Main"] a')].map(names)).toEqual([
      'Runs',
      'New run',
      'Templates',
      'Schedules',
      'Approvals (1 pending)',
      'Settings',
    ]);
  });

  it('shows the server’s warning when it is reached from other machines unencrypted, and nothing otherwise', async () => {
    rendered = await renderWithApi(<App />, client('unencrypted: use TLS or an SSH tunnel'));
    expect(rendered.container.querySelector('[data-testid="connection-warning"]')?.textContent).toBe('unencrypted: use TLS or an SSH tunnel');
    await rendered.unmount();
    rendered = await renderWithApi(<App />, client());
    expect(rendered.container.querySelector('[data-testid="today-spend"]')).not.toBeNull();
    expect(rendered.container.querySelector('[data-testid="connection-warning"]')).toBeNull();
  });

  it('goes to pages with g then a letter, and n opens the new-run form', async () => {
    rendered = await renderWithApi(<App />, client());
    await press('g');
    await press('t');
    expect(window.location.hash).toBe('#/templates');
    await press('g');
    await press('s');
    expect(window.location.hash).toBe('#/settings');
    await press('n');
    expect(window.location.hash).toBe('#/new');
  });

  it('opens the shortcut help with ? and leaves keys typed into a field alone', async () => {
    rendered = await renderWithApi(<App />, client());
    const { container } = rendered;
    await press('?');
    expect(container.querySelector('[data-testid="help-overlay"]')?.textContent).toContain('Go to Templates');
    await act(async () => (container.querySelector('[data-testid="help-overlay"] button') as HTMLButtonElement).click());
    const search = container.querySelector('input[type="search"]') as HTMLInputElement;
    await press('n', search);
    expect(window.location.hash).toBe('#/runs');
    await press('/');
    expect(document.activeElement).toBe(search);
  });

  it('never lets the a of g a answer an approval on the approvals page', async () => {
    window.location.hash = '#/approvals';
    const api = client();
    rendered = await renderWithApi(<App />, api);
    expect(rendered.container.querySelector('[data-testid="approval-a1"]')).not.toBeNull();
    await press('g');
    await press('a');
    expect(window.location.hash).toBe('#/approvals');
    expect(api.calls.some((call) => call.method === 'approvals.decide')).toBe(false);
  });
});
