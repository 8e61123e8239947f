// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builders } from '../../testing/builders';
import { createFakeApiClient } from '../../testing/fake-api-client';
import { click, getButton, renderWithApi, type Rendered } from '../../testing/render';
import { RunList } from './run-list';
import { applyRunsListed, emptyRunsState, runsStore } from './runs-store';

describe('RunList', () => {
  let rendered: Rendered | null = null;
  beforeEach(() => {
    window.location.hash = '#/runs';
  });
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
    runsStore.setState(emptyRunsState, true);
  });

  it('offers a new run when there are none', async () => {
    runsStore.setState(applyRunsListed(emptyRunsState, [], 0), true);
    rendered = await renderWithApi(<RunList loadError={null} />, createFakeApiClient({}));
    expect(rendered.container.textContent).toContain('No runs yet');
    await click(getButton(rendered.container, 'New run'));
    expect(window.location.hash).toBe('#/new');
  });

  it('shows each run’s status, reason in words, tokens and cost', async () => {
    const run = builders.run({ id: 'r9', name: 'nightly', status: 'paused', pauseReason: 'budget', inputTokens: 1200, outputTokens: 34, costUsd: 0.5 });
    runsStore.setState(applyRunsListed(emptyRunsState, [run], 0), true);
    rendered = await renderWithApi(<RunList loadError={null} />, createFakeApiClient({}));
    const row = rendered.container.querySelector('tbody tr');
    expect(rendered.container.querySelector('[data-testid="run-status-r9"]')?.textContent).toBe('paused');
    expect(row?.querySelector('a')?.getAttribute('href')).toBe('#/runs/r9');
    expect(row?.textContent).toContain('Paused: a budget limit was reached');
    expect(row?.textContent).toContain('1,234');
    expect(row?.textContent).toContain('$0.50');
  });
});
