// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { startEventRouter } from '../../../api/event-router';
import { builders } from '../../../testing/builders';
import { createFakeApiClient } from '../../../testing/fake-api-client';
import { timelineEntries } from './iteration-timeline';
import { runViewPage } from './testing/run-view-page';

const text = (container: HTMLElement, testId: string): string | null | undefined => container.querySelector(`[data-testid="${testId}"]`)?.textContent;

describe('the now strip', () => {
  const page = runViewPage();

  it('names the bash command running now, then the model, with the iteration, its usage and the last report', async () => {
    const startedAt = new Date(Date.now() - 60_000).toISOString();
    const client = createFakeApiClient({
      'runs.get': () => builders.run({ status: 'running', iterations: 1, startedAt, limits: { maxIterations: 10 } }),
      'runs.iterations': () => [
        builders.iteration({ n: 1, summary: 'Read the code.', startedAt, endedAt: new Date(Date.now() - 40_000).toISOString() }),
        builders.iteration({ n: 2, status: 'running', durationMs: null, endedAt: null, inputTokens: 1_200, outputTokens: 34, costUsd: 0.01 }),
      ],
      'runs.events': () => ({ events: [], lastSeq: 0 }),
    });
    const stopRouting = startEventRouter(client);
    const rendered = await page.render(client);
    const { container } = rendered;

    expect(text(container, 'now-status')).toBe('Running');
    expect(text(container, 'now-iteration')).toBe('Iteration 2 of 10');
    expect(text(container, 'now-action')).toBe('Waiting for the model');
    expect(text(container, 'now-usage')).toBe('This iteration: 1,234 tokens, $0.01');
    expect(text(container, 'now-report')).toBe('Last report: Read the code.');
    expect(text(container, 'now-time-left')).toMatch(/^About .+ left \(at the current pace\)$/);

    const at = new Date().toISOString();
    const call = { toolCallId: 'c1', tool: 'bash', input: { command: 'npm test' } };
    await act(async () => client.push({ type: 'run.event', event: builders.event({ seq: 1, iteration: 2, kind: 'tool_call', data: call, at }) }));
    expect(text(container, 'now-action')).toBe('bash: npm test');
    expect(text(container, 'now-elapsed')).toMatch(/ms|s$/);
    const report = { toolCallId: 'c2', tool: 'report', input: { summary: 'Tests pass.' } };
    await act(async () =>
      client.push({ type: 'run.event', event: builders.event({ seq: 2, iteration: 2, kind: 'tool_result', data: { toolCallId: 'c1', output: 'ok' }, at }) }),
    );
    await act(async () => client.push({ type: 'run.event', event: builders.event({ seq: 3, iteration: 2, kind: 'tool_call', data: report, at }) }));
    expect(text(container, 'now-report')).toBe('Last report: Tests pass.');
    stopRouting();
  });

  it('shows an ended run without a ticking action or an estimate', async () => {
    const client = createFakeApiClient({
      'runs.get': () =>
        builders.run({ status: 'ended', stopReason: 'completed', iterations: 3, endedAt: '2025-01-01T00:01:00.000Z', limits: { maxIterations: 3 } }),
      'runs.iterations': () => [builders.iteration({ n: 3 })],
      'runs.events': () => ({ events: [], lastSeq: 0 }),
    });
    const rendered = await page.render(client);
    expect(text(rendered.container, 'now-action')).toBe('Completed: the agent called complete');
    expect(text(rendered.container, 'now-iteration')).toBe('Iteration 3 of 3');
    expect(rendered.container.querySelector('[data-testid="now-elapsed"]')).toBeNull();
    expect(rendered.container.querySelector('[data-testid="now-time-left"]')).toBeNull();
  });
});

describe('timelineEntries', () => {
  it('puts the newest iteration first and opens the newest five', () => {
    const entries = timelineEntries(Array.from({ length: 7 }, (_, index) => builders.iteration({ n: index + 1 })));
    expect(entries.map((entry) => entry.iteration.n)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(entries.map((entry) => entry.isOpen)).toEqual([true, true, true, true, true, false, false]);
  });
});
