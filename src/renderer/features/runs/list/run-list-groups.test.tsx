// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { builders } from '../../../testing/builders';
import { menuOf, rowNames, runListPage } from './testing/run-list-page';
import { applyRunsListed, emptyRunsState, runsStore } from '../runs-store';

async function press(target: Element, key: string): Promise<void> {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

describe('RunList groups and keys', () => {
  const page = runListPage();

  it('pins the runs that need the person in a Needs you group with an inline Review, above the others', async () => {
    runsStore.setState(
      applyRunsListed(
        emptyRunsState,
        [
          builders.run({ id: 'a1', name: 'Running one', createdAt: '2025-01-05T00:00:00.000Z' }),
          builders.run({ id: 'b2', name: 'Asks', status: 'waiting_approval', createdAt: '2025-01-04T00:00:00.000Z' }),
          builders.run({ id: 'c3', name: 'Done', status: 'ended', stopReason: 'completed', createdAt: '2025-01-03T00:00:00.000Z' }),
          builders.run({ id: 'd4', name: 'Crashed', status: 'ended', stopReason: 'crash', createdAt: '2025-01-02T00:00:00.000Z' }),
        ],
        0,
      ),
      true,
    );
    const rendered = await page.render();
    const { container } = rendered;
    expect(container.querySelector('[data-testid="needs-you-heading"]')?.textContent).toBe('Needs you 2');
    expect([...container.querySelectorAll('[data-testid="runs-needs-you"] td.cell-name a')].map((link) => link.textContent)).toEqual(['Asks', 'Crashed']);
    expect(rowNames(container)).toEqual(['Asks', 'Crashed', 'Running one', 'Done']);
    const review = container.querySelector<HTMLAnchorElement>('a[aria-label="Review Asks"]');
    expect(review?.textContent).toBe('Review');
    expect(review?.getAttribute('href')).toBe('#/runs/b2');
    expect(container.querySelector('a[aria-label="Review Done"]')).toBeNull();
    expect(container.querySelector('[data-testid="run-status-b2"]')?.textContent).toBe('Needs approval');
    expect(container.querySelector('[data-testid="run-status-d4"]')?.textContent).toBe('Crashed');
  });

  it('moves through the rows with j/k and the arrows, and opens one with Enter', async () => {
    runsStore.setState(
      applyRunsListed(
        emptyRunsState,
        ['r1', 'r2', 'r3'].map((id, index) =>
          builders.run({ id, name: `Run ${id}`, status: 'ended', stopReason: 'completed', createdAt: `2025-01-0${3 - index}T00:00:00.000Z` }),
        ),
        0,
      ),
      true,
    );
    const rendered = await page.render();
    const { container } = rendered;
    const rows = [...container.querySelectorAll<HTMLElement>('tr[data-run-row]')];
    expect(rows.map((row) => row.tabIndex)).toEqual([0, -1, -1]);
    await press(document.body, 'j');
    expect(document.activeElement).toBe(rows[0]);
    await press(rows[0] as HTMLElement, 'j');
    expect(document.activeElement).toBe(rows[1]);
    await press(rows[1] as HTMLElement, 'ArrowDown');
    await press(rows[2] as HTMLElement, 'ArrowDown');
    expect(document.activeElement).toBe(rows[2]);
    await press(rows[2] as HTMLElement, 'k');
    expect(document.activeElement).toBe(rows[1]);
    expect(rows.map((row) => row.tabIndex)).toEqual([-1, 0, -1]);
    // A key on a button inside the row is the button's.
    await press(menuOf(container, 'Run r2'), 'j');
    expect(document.activeElement).toBe(rows[1]);
    await press(rows[1] as HTMLElement, 'Enter');
    expect(window.location.hash).toBe('#/runs/r2');
  });
});
