// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Approval } from '../../../shared/records';
import { ApiCallError } from '../../api/api-call-error';
import { builders } from '../../testing/builders';
import { createFakeApiClient, type FakeApiClient } from '../../testing/fake-api-client';
import { click, getButton, getByLabel, renderWithApi, type Rendered, typeInto } from '../../testing/render';
import { ApprovalCard } from './approval-card';
import { approvalsStore, applyApprovalRequested, emptyApprovalsState } from './approvals-store';
import { applyRunFetched, emptyRunsState, runsStore } from '../runs/runs-store';

const approval = builders.approval({ id: 'a7', summary: 'Write notes.txt (5 bytes)', risk: 'medium' });

function answering(): FakeApiClient {
  return createFakeApiClient({
    'approvals.decide': ({ id, decision, scope, reason }) => ({
      ...approval,
      id,
      status: decision === 'allow' ? 'allowed' : 'denied',
      scope: decision === 'allow' ? (scope ?? 'once') : null,
      reason: reason ?? null,
      decidedBy: 'user',
      decidedAt: '2025-01-01T00:01:00.000Z',
    }),
  });
}

const decideCalls = (client: FakeApiClient) => client.calls.filter((call) => call.method === 'approvals.decide').map((call) => call.params);

describe('ApprovalCard', () => {
  let rendered: Rendered | null = null;
  const render = async (client: FakeApiClient, shown: Approval = approval): Promise<HTMLElement> => {
    rendered = await renderWithApi(<ApprovalCard approval={shown} />, client);
    return rendered.container;
  };
  beforeEach(() => approvalsStore.setState(applyApprovalRequested(emptyApprovalsState, approval), true));
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('shows the tool, what it would do, the file it would write, its risk and the time left', async () => {
    const container = await render(answering(), { ...approval, expiresAt: new Date(Date.now() + 125_000).toISOString() });
    const card = container.querySelector('[data-testid="approval-a7"]');
    expect(card?.querySelector('h3')?.textContent).toBe('write_file');
    expect(card?.textContent).toContain('Write notes.txt (5 bytes)');
    expect(card?.querySelector('[data-testid="request-preview"] p')?.textContent).toBe('New content of notes.txt (1 line):');
    expect(card?.querySelector('.preview-line')?.textContent).toBe('1hello\n');
    expect(card?.textContent).toContain('Risk: medium');
    expect(card?.querySelector('.approval-time-left')?.textContent).toMatch(/^2:0[45] left$/);
  });

  it('says what happens when the timer runs out, as the run’s onApprovalTimeout says (pause when it says nothing)', async () => {
    const words: Record<string, string> = {};
    for (const onApprovalTimeout of ['deny', 'pause', 'stop', undefined] as const) {
      const permissions = { profile: 'ask' as const, rules: [], ...(onApprovalTimeout ? { onApprovalTimeout } : {}) };
      runsStore.setState(applyRunFetched(emptyRunsState, builders.run({ id: 'r1', permissions }), 0), true);
      const container = await render(answering());
      words[onApprovalTimeout ?? 'default'] = container.querySelector('[data-testid="on-approval-timeout"]')?.textContent ?? '';
      await rendered?.unmount();
      rendered = null;
    }
    expect(words).toEqual({
      deny: 'If nobody answers in time, it is denied and the run goes on.',
      pause: 'If nobody answers in time, it is not run and the run pauses after this iteration.',
      stop: 'If nobody answers in time, the run is stopped.',
      default: 'If nobody answers in time, it is not run and the run pauses after this iteration.',
    });
    // No deadline: nothing runs out.
    const container = await render(answering(), { ...approval, expiresAt: null });
    expect(container.querySelector('[data-testid="on-approval-timeout"]')).toBeNull();
    runsStore.setState(emptyRunsState, true);
  });

  it('folds a long input behind "Show input"', async () => {
    const container = await render(answering(), { ...approval, input: { content: 'line\n'.repeat(200) } });
    expect(container.querySelector('details summary')?.textContent).toMatch(/^Show input \(\d+ lines\)$/);
  });

  it('allows once, and takes the request off the pending list with the engine’s answer', async () => {
    const client = answering();
    const container = await render(client);
    await click(getButton(container, 'Allow once'));
    expect(decideCalls(client)).toEqual([{ id: 'a7', decision: 'allow', scope: 'once' }]);
    expect(approvalsStore.getState().pendingIds).toEqual([]);
    expect(approvalsStore.getState().history[0]).toMatchObject({ id: 'a7', status: 'allowed', scope: 'once' });
  });

  it('allows for the rest of the run', async () => {
    const client = answering();
    await click(getButton(await render(client), 'Allow for this run'));
    expect(decideCalls(client)).toEqual([{ id: 'a7', decision: 'allow', scope: 'run' }]);
  });

  it('denies with the reason typed after "Deny", and without one when none is typed', async () => {
    const client = answering();
    const container = await render(client);
    await click(getButton(container, 'Deny'));
    const reason = getByLabel(container, 'Reason (optional)');
    expect(document.activeElement).toBe(reason);
    await typeInto(reason, '  not in this folder ');
    await click(getButton(container, 'Deny'));
    expect(decideCalls(client)).toEqual([{ id: 'a7', decision: 'deny', scope: 'once', reason: 'not in this folder' }]);

    await click(getButton(container, 'Cancel'));
    await click(getButton(container, 'Deny'));
    await typeInto(getByLabel(container, 'Reason (optional)'), '   ');
    await click(getButton(container, 'Deny'));
    expect(decideCalls(client).at(-1)).toEqual({ id: 'a7', decision: 'deny', scope: 'once' });
  });

  it('shows the engine’s refusal in an alert and keeps the request', async () => {
    const client = createFakeApiClient({
      'approvals.decide': () => {
        throw new ApiCallError('approvals.decide', { code: 'conflict', message: 'The request to run write_file was already answered (timed out)' });
      },
    });
    const container = await render(client);
    await click(getButton(container, 'Allow once'));
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      'Could not answer the request: The request to run write_file was already answered (timed out)',
    );
    expect(approvalsStore.getState().pendingIds).toEqual(['a7']);
    expect(getButton(container, 'Allow once').disabled).toBe(false);
  });
});
