// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Run, RunEvent } from '../../../../shared/records';
import { ApiCallError } from '../../../api/api-call-error';
import { builders } from '../../../testing/builders';
import { createFakeApiClient } from '../../../testing/fake-api-client';
import { click, getButton, getByLabel, renderWithApi, type Rendered, typeInto } from '../../../testing/render';
import { GuidanceBox } from './guidance-box';

const stored = (runId: string, text: string): RunEvent => ({
  runId,
  seq: 7,
  iteration: 2,
  kind: 'guidance',
  data: { text, by: 'user', guidanceId: 1 },
  at: '2026-01-01T00:00:00Z',
});

describe('GuidanceBox', () => {
  let rendered: Rendered | null = null;
  const render = async (run: Run, client = createFakeApiClient({})): Promise<HTMLElement> => {
    rendered = await renderWithApi(<GuidanceBox run={run} />, client);
    return rendered.container;
  };
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('is offered for a running, waiting or paused run, and not for an ended or stopping one', async () => {
    for (const status of ['starting', 'running', 'waiting_approval', 'paused'] as const) {
      expect((await render(builders.run({ status }))).querySelector('textarea'), status).not.toBeNull();
      await rendered?.unmount();
    }
    for (const status of ['ended', 'stopping'] as const) {
      expect((await render(builders.run({ status }))).textContent, status).toBe('');
      await rendered?.unmount();
    }
  });

  it('sends the note trimmed, clears the box and says when the agent reads it', async () => {
    const client = createFakeApiClient({ 'runs.guide': ({ id, text }) => stored(id, text) });
    const container = await render(builders.run({ id: 'r1', status: 'running' }), client);
    const box = getByLabel<HTMLTextAreaElement>(container, 'Guidance for the agent');
    expect(getButton(container, 'Send guidance').disabled).toBe(true);
    await typeInto(box, '  Fix the parser first.  ');
    await click(getButton(container, 'Send guidance'));
    expect(client.calls.at(-1)).toEqual({ method: 'runs.guide', params: { id: 'r1', text: 'Fix the parser first.' } });
    expect(box.value).toBe('');
    expect(container.querySelector('[data-testid="guidance-sent"]')?.textContent).toBe('Sent. The agent reads it at the start of its next iteration.');
  });

  it('sends with Ctrl+Enter, and tells a paused run’s reader it comes first on resume', async () => {
    const client = createFakeApiClient({ 'runs.guide': ({ id, text }) => stored(id, text) });
    const container = await render(builders.run({ id: 'r2', status: 'paused', pauseReason: 'user' }), client);
    const box = getByLabel<HTMLTextAreaElement>(container, 'Guidance for the agent');
    await typeInto(box, 'Use tabs.');
    await act(async () => {
      box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    });
    expect(client.calls.at(-1)).toEqual({ method: 'runs.guide', params: { id: 'r2', text: 'Use tabs.' } });
    expect(container.querySelector('[data-testid="guidance-sent"]')?.textContent).toBe('Sent. The agent reads it first when the run is resumed.');
  });

  it('shows the engine’s refusal and keeps the typed note', async () => {
    const client = createFakeApiClient({
      'runs.guide': () => {
        throw new ApiCallError('runs.guide', { code: 'conflict', message: 'The run "x" has ended: guidance goes only to a running or paused run.' });
      },
    });
    const container = await render(builders.run({ status: 'running' }), client);
    const box = getByLabel<HTMLTextAreaElement>(container, 'Guidance for the agent');
    await typeInto(box, 'Too late?');
    await click(getButton(container, 'Send guidance'));
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      'Could not send the guidance: The run "x" has ended: guidance goes only to a running or paused run.',
    );
    expect(box.value).toBe('Too late?');
  });
});
