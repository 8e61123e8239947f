// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Approval } from '../../../shared/records';
import { builders } from '../../testing/builders';
import { createFakeApiClient, type FakeApiClient } from '../../testing/fake-api-client';
import { click, getButton, renderWithApi, type Rendered } from '../../testing/render';
import { ApprovalCard } from './approval-card';
import { approvalsStore, applyApprovalRequested, emptyApprovalsState } from './approvals-store';

const context = {
  agentMessage: 'The config is wrong, so I will fix it.',
  why: "The run's ask profile asks before every file change.",
  subject: 'src/config.ts',
};
const edit = builders.approval({ id: 'e1', tool: 'edit_file', input: { path: 'src/config.ts', old: 'port: 80\n', new: 'port: 8080\n' }, context });

function answering(): FakeApiClient {
  return createFakeApiClient({
    'approvals.decide': ({ id, decision, scope }) => ({
      ...edit,
      id,
      status: decision === 'allow' ? 'allowed' : 'denied',
      scope: decision === 'allow' ? (scope ?? 'once') : null,
    }),
  });
}

const press = async (target: Element, key: string): Promise<void> => {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  });
};

describe('ApprovalCard with context', () => {
  let rendered: Rendered | null = null;
  const render = async (client: FakeApiClient, shown: Approval, handlesKeys = false): Promise<HTMLElement> => {
    rendered = await renderWithApi(<ApprovalCard approval={shown} handlesKeys={handlesKeys} />, client);
    return rendered.container;
  };
  beforeEach(() => approvalsStore.setState(applyApprovalRequested(emptyApprovalsState, edit), true));
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('shows the agent’s message first, why it asks, the edit as a diff and exactly what “Allow for this run” allows', async () => {
    const container = await render(answering(), edit);
    const card = container.querySelector('[data-testid="approval-e1"]');
    expect(card?.firstElementChild?.getAttribute('data-testid')).toBe('agent-message');
    expect(card?.querySelector('blockquote')?.textContent).toBe(context.agentMessage);
    expect(card?.querySelector('[data-testid="request-why"]')?.textContent).toBe(context.why);
    const lines = [...(card?.querySelectorAll('.preview-line') ?? [])].map(
      (line) => `${line.className.replace('preview-line preview-', '')}:${line.querySelector('.preview-mark')?.textContent}`,
    );
    expect(lines).toEqual(['removed:-', 'added:+']);
    expect(card?.querySelector('[data-testid="allow-for-run-scope"]')?.textContent).toBe(
      '“Allow for this run” allows edit_file on this path only: src/config.ts again without asking, until the run ends. Anything else still asks.',
    );
    expect(getButton(container, 'Allow for this run').getAttribute('aria-describedby')).toBe('approval-e1-scope');
    expect(getButton(container, 'Allow once').querySelector('kbd')?.textContent).toBe('a');
  });

  it('cuts a long file at 20 lines until “Show all”', async () => {
    const content = Array.from({ length: 45 }, (_, index) => `line ${index + 1}`).join('\n');
    const container = await render(answering(), builders.approval({ id: 'w1', input: { path: 'big.txt', content } }));
    expect(container.querySelectorAll('.preview-line')).toHaveLength(20);
    await click(getButton(container, 'Show all 45 lines'));
    expect(container.querySelectorAll('.preview-line')).toHaveLength(45);
  });

  it('answers `a`, `r` and `d` pressed inside the card when it handles keys, and never from a field', async () => {
    const client = answering();
    const container = await render(client, edit, true);
    const card = container.querySelector('[data-testid="approval-e1"]') as HTMLElement;
    await press(card, 'd');
    const reason = container.querySelector('#approval-e1-reason') as HTMLInputElement;
    expect(document.activeElement).toBe(reason);
    await press(reason, 'a');
    expect(client.calls.filter((call) => call.method === 'approvals.decide')).toEqual([]);
    await press(getButton(container, 'Allow once'), 'r');
    expect(client.calls.filter((call) => call.method === 'approvals.decide').map((call) => call.params)).toEqual([
      { id: 'e1', decision: 'allow', scope: 'run' },
    ]);
  });

  it('leaves the keys to the page when it does not handle them (the approvals page binds them to the selected card)', async () => {
    const client = answering();
    const container = await render(client, edit);
    await press(container.querySelector('[data-testid="approval-e1"]') as HTMLElement, 'a');
    expect(client.calls.filter((call) => call.method === 'approvals.decide')).toEqual([]);
  });
});
