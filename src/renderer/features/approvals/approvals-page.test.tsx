// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Approval } from '../../../shared/records';
import { startEventRouter } from '../../api/event-router';
import { builders } from '../../testing/builders';
import { createFakeApiClient, type FakeApiClient } from '../../testing/fake-api-client';
import { getByLabel, renderWithApi, type Rendered, typeInto } from '../../testing/render';
import { applyRunsListed, emptyRunsState, runsStore } from '../runs/runs-store';
import { ApprovalsPage } from './approvals-page';
import { approvalsStore, applyPendingListed, emptyApprovalsState } from './approvals-store';

const first = builders.approval({ id: 'a1', runId: 'r1', summary: 'Write notes.txt', requestedAt: '2025-01-01T00:00:01.000Z' });
const second = builders.approval({
  id: 'a2',
  runId: 'r2',
  tool: 'bash',
  summary: 'Run npm test',
  input: { command: 'npm test' },
  requestedAt: '2025-01-01T00:00:02.000Z',
});
const third = builders.approval({ id: 'a3', runId: 'r2', summary: 'Write b.txt', requestedAt: '2025-01-01T00:00:03.000Z' });

/** Answers like the engine: the decision comes back, and `approval.resolved` is pushed. */
function engineLike(history: ReadonlyArray<Approval> = []): FakeApiClient {
  const client: FakeApiClient = createFakeApiClient({
    'approvals.list': () => [...history],
    'approvals.decide': ({ id, decision, scope, reason }) => {
      const resolved: Approval = {
        ...(approvalsStore.getState().byId[id] ?? first),
        status: decision === 'allow' ? 'allowed' : 'denied',
        scope: decision === 'allow' ? (scope ?? 'once') : null,
        reason: reason ?? null,
        decidedBy: 'user',
        decidedAt: new Date().toISOString(),
      };
      client.push({ type: 'approval.resolved', approval: resolved });
      return resolved;
    },
  });
  return client;
}

async function press(key: string, options: KeyboardEventInit = {}, target: EventTarget = document.activeElement ?? document.body): Promise<void> {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...options }));
  });
}

const selectedId = (container: HTMLElement): string | null =>
  container.querySelector('[aria-current="true"]')?.getAttribute('data-testid')?.replace('approval-', '') ?? null;
const decisions = (client: FakeApiClient) => client.calls.filter((call) => call.method === 'approvals.decide').map((call) => call.params);

describe('ApprovalsPage', () => {
  let rendered: Rendered | null = null;
  let stopRouting: (() => void) | null = null;
  const render = async (client: FakeApiClient): Promise<HTMLElement> => {
    stopRouting = startEventRouter(client);
    rendered = await renderWithApi(<ApprovalsPage loadError={null} />, client);
    return rendered.container;
  };
  beforeEach(() => {
    approvalsStore.setState(applyPendingListed(emptyApprovalsState, [third, first, second], 0), true);
    runsStore.setState(applyRunsListed(emptyRunsState, [builders.run({ id: 'r1', name: 'writer' }), builders.run({ id: 'r2', name: 'tester' })], 0), true);
  });
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
    stopRouting?.();
    (document.activeElement as HTMLElement | null)?.blur();
  });

  it('lists every pending request oldest first with its run, and selects the first', async () => {
    const container = await render(engineLike());
    const cards = [...container.querySelectorAll('[data-testid="approvals-inbox"] article')];
    expect(cards.map((card) => card.getAttribute('data-testid'))).toEqual(['approval-a1', 'approval-a2', 'approval-a3']);
    expect(cards[1]?.querySelector('.approval-run a')?.textContent).toBe('tester');
    expect(cards[1]?.querySelector('.approval-run a')?.getAttribute('href')).toBe('#/runs/r2');
    expect(selectedId(container)).toBe('a1');
  });

  it('allows the selected request once with a, then for the run with r, working down the list', async () => {
    const client = engineLike();
    const container = await render(client);
    await press('a');
    await press('r');
    expect(decisions(client)).toEqual([
      { id: 'a1', decision: 'allow', scope: 'once' },
      { id: 'a2', decision: 'allow', scope: 'run' },
    ]);
    expect(selectedId(container)).toBe('a3');
  });

  it('moves the selection with j/k and the arrow keys, stopping at both ends', async () => {
    const container = await render(engineLike());
    await press('j');
    expect(selectedId(container)).toBe('a2');
    expect(document.activeElement?.getAttribute('data-testid')).toBe('approval-a2');
    await press('ArrowDown');
    await press('ArrowDown');
    expect(selectedId(container)).toBe('a3');
    await press('k');
    await press('ArrowUp');
    await press('k');
    expect(selectedId(container)).toBe('a1');
  });

  it('d opens the reason field, where keys are typed, not shortcuts; confirming denies with the reason', async () => {
    const client = engineLike();
    const container = await render(client);
    await press('j');
    await press('d');
    const reason = getByLabel(container, 'Reason (optional)');
    expect(document.activeElement).toBe(reason);
    await press('a', {}, reason);
    await press('j', {}, reason);
    await typeInto(reason, 'ask me tomorrow');
    expect(decisions(client)).toEqual([]);
    expect(selectedId(container)).toBe('a2');
    await act(async () => reason.form?.requestSubmit());
    expect(decisions(client)).toEqual([{ id: 'a2', decision: 'deny', scope: 'once', reason: 'ask me tomorrow' }]);
    expect(container.querySelector('[data-testid="approval-a2"]')).toBeNull();
    expect(selectedId(container)).toBe('a3');
  });

  it('ignores shortcuts with a modifier key and held-down answer keys', async () => {
    const client = engineLike();
    await render(client);
    await press('a', { ctrlKey: true });
    await press('a', { metaKey: true });
    await press('a', { repeat: true });
    expect(decisions(client)).toEqual([]);
  });

  it('shows the answered requests under History, with who decided', async () => {
    const answered = builders.approval({
      id: 'h1',
      runId: 'r1',
      status: 'denied',
      decidedBy: 'timeout',
      reason: 'no answer within 900 s; deny',
      decidedAt: '2025-01-01T00:20:00.000Z',
    });
    const client = engineLike([first, answered]);
    const container = await render(client);
    expect(client.calls.find((call) => call.method === 'approvals.list')?.params).toEqual({ status: 'all' });
    const row = container.querySelector('[data-testid="history-h1"]');
    expect(row?.textContent).toContain('Denied');
    expect(row?.textContent).toContain('the timeout');
    expect(container.querySelector('[data-testid="history-a1"]')).toBeNull();
    await press('a');
    expect(container.querySelector('[data-testid="history-a1"]')?.textContent).toContain('Allowed once');
    expect(container.querySelector('[data-testid="history-a1"]')?.textContent).toContain('a person');
  });
});
