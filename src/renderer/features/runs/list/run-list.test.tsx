// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { ApiCallError } from '../../../api/api-call-error';
import { builders } from '../../../testing/builders';
import { createFakeApiClient } from '../../../testing/fake-api-client';
import { click, getButton, getByLabel, typeInto } from '../../../testing/render';
import { receiveProviders } from '../../settings/settings-store';
import { menuOf, rowNames, runListPage } from './testing/run-list-page';
import { applyRunsListed, applyRunUpdated, emptyRunsState, runsStore } from '../runs-store';

const withKey = builders.provider();

describe('RunList', () => {
  const page = runListPage();

  it('offers a new run when there are none and a provider is set up', async () => {
    receiveProviders([withKey]);
    runsStore.setState(applyRunsListed(emptyRunsState, [], 0), true);
    const rendered = await page.render();
    expect(rendered.container.textContent).toContain('No runs yet');
    await click(getButton(rendered.container, 'New run'));
    expect(window.location.hash).toBe('#/new');
  });

  it('guides a first start without a provider to the settings or the scripted demo, which it starts and opens', async () => {
    receiveProviders([{ ...withKey, apiKeySet: false, apiKeySource: null }]);
    runsStore.setState(applyRunsListed(emptyRunsState, [], 0), true);
    const client = createFakeApiClient({ 'runs.start': () => builders.run({ id: 'demo-1' }) });
    const rendered = await page.render(client);
    const { container } = rendered;
    expect(container.querySelector('[data-testid="first-run-guide"] a')?.getAttribute('href')).toBe('#/settings');
    await click(getButton(container, 'Try the scripted demo'));
    expect(client.calls).toEqual([{ method: 'runs.start', params: { template: 'demo-counter', model: 'scripted/demo-counter' } }]);
    expect(window.location.hash).toBe('#/runs/demo-1');
  });

  it('shows each run on one line: its outcome badge, reason in words (whole on hover), progress, times and cost', async () => {
    const startedAt = new Date(Date.now() - 12 * 60_000).toISOString();
    const run = builders.run({
      id: 'r9',
      name: 'nightly',
      status: 'paused',
      pauseReason: 'budget',
      detail: 'Used 1,234 of 1,000 tokens',
      iterations: 17,
      limits: { maxIterations: 60, maxTokens: 1_000 },
      inputTokens: 1200,
      outputTokens: 34,
      costUsd: 0.5,
      startedAt,
      createdAt: startedAt,
    });
    // The window heard of it last 7 minutes ago (when it paused).
    runsStore.setState(applyRunUpdated(applyRunsListed(emptyRunsState, [run], 0), run, Date.now() - 7 * 60_000), true);
    const wide = vi
      .spyOn(window, 'matchMedia')
      .mockImplementation(
        (query) => ({ matches: true, media: query, addEventListener: () => undefined, removeEventListener: () => undefined }) as unknown as MediaQueryList,
      );
    let rendered = await page.render();
    wide.mockRestore();
    const row = rendered.container.querySelector('[data-testid="run-row-r9"]');
    expect(rendered.container.querySelector('[data-testid="run-status-r9"]')?.textContent).toBe('Paused for budget');
    expect(row?.querySelector('.outcome-badge')?.className).toContain('tone-warn');
    expect(row?.querySelector('.cell-name a')?.getAttribute('href')).toBe('#/runs/r9');
    expect(rendered.container.querySelector('[data-testid="run-reason-r9"]')?.textContent).toBe('Paused: a budget limit was reached');
    expect(row?.querySelector('.cell-why')?.getAttribute('title')).toBe('Paused: a budget limit was reached — Used 1,234 of 1,000 tokens');
    const cells = [...(row?.querySelectorAll('td') ?? [])].map((cell) => cell.textContent);
    expect(cells.slice(3, 8)).toEqual(['17/60', '12m ago', '5m 00s', '7m ago', '$0.50']);
    expect(row?.querySelector('.col-cost')?.getAttribute('title')).toBe('1,200 tokens in, 34 out');
    expect(row?.textContent).not.toMatch(/budget_|pause_reason|waiting_approval/);

    // Narrower than 1100 px, the cost gives its room to the name and the reason.
    rendered = await page.render();
    expect(rendered.container.querySelector('[data-testid="run-row-r9"] .col-cost')).toBeNull();
    expect([...rendered.container.querySelectorAll('thead th')].map((cell) => cell.textContent)).not.toContain('Cost');
  });

  it('shows a run the concurrency cap holds back as "queued 2 of 3"', async () => {
    const queued = (id: string, seconds: number) =>
      builders.run({ id, name: id, status: 'queued', startedAt: null, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString() });
    runsStore.setState(applyRunsListed(emptyRunsState, [queued('q1', 1), queued('q2', 2), queued('q3', 3)], 0), true);
    const client = createFakeApiClient({ 'runs.startNow': ({ id }) => ({ ...queued(id, 2), status: 'starting' as const }) });
    const rendered = await page.render(client);
    expect(rendered.container.querySelector('[data-testid="run-status-q2"]')?.textContent).toBe('queued 2 of 3');
    // "Run anyway" starts it over the cap; the others move up.
    await click(rendered.container.querySelector('button[aria-label="Run q2 anyway"]') as HTMLButtonElement);
    expect(client.calls).toEqual([{ method: 'runs.startNow', params: { id: 'q2' } }]);
    expect(rendered.container.querySelector('[data-testid="run-status-q3"]')?.textContent).toBe('queued 2 of 2');
  });

  it('filters by state and searches by name, template or id', async () => {
    runsStore.setState(
      applyRunsListed(
        emptyRunsState,
        [
          builders.run({ id: 'a1', name: 'Nightly', template: 'test-fixer', createdAt: '2025-01-03T00:00:00.000Z' }),
          builders.run({ id: 'b2', name: 'Docs', status: 'ended', stopReason: 'crash', createdAt: '2025-01-02T00:00:00.000Z' }),
          builders.run({ id: 'c3', name: 'Counter', status: 'ended', stopReason: 'completed', createdAt: '2025-01-01T00:00:00.000Z' }),
        ],
        0,
      ),
      true,
    );
    const rendered = await page.render();
    const { container } = rendered;
    const filter = (label: string): HTMLButtonElement => {
      const button = [...container.querySelectorAll<HTMLButtonElement>('[aria-label="Show runs"] button')].find((candidate) =>
        candidate.textContent?.startsWith(label),
      );
      if (!button) throw new Error(`No filter ${label}`);
      return button;
    };
    // Docs crashed: it can be resumed, so it waits for the person, pinned first.
    expect(rowNames(container)).toEqual(['Docs', 'Nightly', 'Counter']);
    expect(filter('Failed').textContent).toBe('Failed 1');
    await click(filter('Failed'));
    expect(rowNames(container)).toEqual(['Docs']);
    expect(filter('Failed').getAttribute('aria-pressed')).toBe('true');
    await click(filter('Ended'));
    expect(rowNames(container)).toEqual(['Docs', 'Counter']);
    await click(filter('All'));
    await typeInto(container.querySelector<HTMLInputElement>('input[type="search"]') as HTMLInputElement, 'test-fixer');
    expect(rowNames(container)).toEqual(['Nightly']);
    await typeInto(container.querySelector<HTMLInputElement>('input[type="search"]') as HTMLInputElement, 'zzz');
    expect(container.querySelector('[data-testid="runs-none-match"]')).not.toBeNull();
  });

  it('pauses a run from its row and shows the engine’s refusal in words', async () => {
    runsStore.setState(applyRunsListed(emptyRunsState, [builders.run({ id: 'r1', name: 'Busy' })], 0), true);
    const client = createFakeApiClient({
      'runs.pause': () => {
        throw new ApiCallError('runs.pause', { code: 'conflict', message: 'The run is already pausing' });
      },
    });
    const rendered = await page.render(client);
    const { container } = rendered;
    await click(container.querySelector('button[aria-label="Pause Busy"]') as HTMLButtonElement);
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('Could not pause "Busy": The run is already pausing');
    // Export, Delete and Stop are behind ⋯, so a row never outgrows the window.
    expect(container.querySelector('button[aria-label="Delete Busy"]')).toBeNull();
    await click(menuOf(container, 'Busy'));
    expect(menuOf(container, 'Busy').getAttribute('aria-expanded')).toBe('true');
    const remove = container.querySelector<HTMLButtonElement>('button[aria-label="Delete Busy"]');
    // A running run cannot be deleted: stop it first.
    expect(remove?.disabled).toBe(true);
    expect(remove?.title).toBe('Stop the run before deleting it');
  });

  it('asks before stopping a run from its row, and stops it after its iteration when that is chosen', async () => {
    runsStore.setState(applyRunsListed(emptyRunsState, [builders.run({ id: 'r1', name: 'Busy' })], 0), true);
    const client = createFakeApiClient({ 'runs.stop': ({ id }) => builders.run({ id, name: 'Busy', detail: 'Stopping after the current iteration' }) });
    const rendered = await page.render(client);
    const { container } = rendered;
    await click(menuOf(container, 'Busy'));
    await click(container.querySelector('button[aria-label="Stop Busy"]') as HTMLButtonElement);
    expect(client.calls).toEqual([]);
    const choice = container.querySelector('[role="group"][aria-label="Stop Busy?"]') as HTMLElement;
    expect([...choice.querySelectorAll('button')].map((button) => button.textContent)).toEqual(['Stop after this iteration', 'Stop now', 'Cancel']);
    await click(getButton(choice, 'Stop after this iteration'));
    expect(client.calls).toEqual([{ method: 'runs.stop', params: { id: 'r1', after: 'iteration' } }]);
    expect(container.querySelector('[role="group"][aria-label="Stop Busy?"]')).toBeNull();
    expect(menuOf(container, 'Busy').getAttribute('aria-expanded')).toBe('false');
  });

  it('offers a run paused by its budget Review, and Extend… behind ⋯, which raises the limit and resumes it from a dialog', async () => {
    const paused = builders.run({
      id: 'r5',
      name: 'Small budget',
      status: 'paused',
      pauseReason: 'budget',
      inputTokens: 400,
      outputTokens: 100,
      limits: { maxTokens: 500 },
    });
    runsStore.setState(applyRunsListed(emptyRunsState, [paused], 0), true);
    const client = createFakeApiClient({
      'runs.resume': ({ id, limits }) => ({ ...paused, id, status: 'starting', pauseReason: null, limits: { ...paused.limits, ...limits } }),
    });
    const rendered = await page.render(client);
    const { container } = rendered;
    expect(container.querySelector('a[aria-label="Review Small budget"]')).not.toBeNull();
    await click(menuOf(container, 'Small budget'));
    // Resuming under the same limits would pause again at once: the row offers Extend… instead of Resume.
    expect(container.querySelector('button[aria-label="Resume Small budget"]')).toBeNull();
    await click(container.querySelector('button[aria-label="Extend Small budget"]') as HTMLButtonElement);
    const dialog = container.querySelector<HTMLDialogElement>('[data-testid="extend-dialog-r5"]');
    expect(dialog?.open).toBe(true);
    expect(dialog?.textContent).toContain('Extend and resume “Small budget”');
    await typeInto(getByLabel(dialog as HTMLElement, 'Max tokens'), '5000');
    await click(getButton(dialog as HTMLElement, 'Extend and resume'));
    expect(client.calls).toEqual([{ method: 'runs.resume', params: { id: 'r5', limits: { maxTokens: 5_000 } } }]);
    expect(container.querySelector('[data-testid="run-status-r5"]')?.textContent).toBe('Starting');
    expect(container.querySelector('button[aria-label="Extend Small budget"]')).toBeNull();
  });
});
