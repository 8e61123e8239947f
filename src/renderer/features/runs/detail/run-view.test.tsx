// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../../shared/records';
import { ApiCallError } from '../../../api/api-call-error';
import { startEventRouter } from '../../../api/event-router';
import { builders } from '../../../testing/builders';
import { createFakeApiClient } from '../../../testing/fake-api-client';
import { click, getButton } from '../../../testing/render';
import { runDetailStore } from '../run-detail-store';
import { runViewPage } from './testing/run-view-page';
import { EVENTS_PAGE_SIZE } from './use-run-detail';

const notices = (from: number, to: number): RunEvent[] =>
  Array.from({ length: to - from + 1 }, (_, index) => builders.event({ seq: from + index, data: { message: `line ${from + index}` } }));

describe('RunView', () => {
  const page = runViewPage();

  it('shows the run, its iterations and every log line once, paging and pushes together', async () => {
    const all = notices(1, EVENTS_PAGE_SIZE + 5);
    const client = createFakeApiClient({
      'runs.get': () => builders.run({ iterations: 2, inputTokens: 1000, outputTokens: 234 }),
      'runs.iterations': () => [builders.iteration({ n: 1 }), builders.iteration({ n: 2, status: 'running', durationMs: null, endedAt: null })],
      'runs.events': ({ afterSeq = 0, limit = 1000 }) => {
        // A push that overlaps the page being fetched must not show up twice.
        if (afterSeq === 0) client.push({ type: 'run.event', event: all[EVENTS_PAGE_SIZE + 2] as RunEvent });
        const events = all.filter((event) => event.seq > afterSeq).slice(0, limit);
        return { events, lastSeq: events.at(-1)?.seq ?? afterSeq };
      },
    });
    const stopRouting = startEventRouter(client);
    const rendered = await page.render(client);
    const { container } = rendered;

    expect(container.querySelector('[data-testid="run-status"]')?.textContent).toBe('Running');
    expect(container.querySelector('[data-testid="run-iterations-count"]')?.textContent).toBe('2');
    expect(container.querySelector('[data-testid="iteration-1"]')?.textContent).toContain('did a thing');
    expect(container.querySelector('[data-testid="iteration-2"]')?.textContent).toContain('Running');
    expect(client.calls.filter((call) => call.method === 'runs.events').map((call) => call.params)).toEqual([
      { id: 'r1', afterSeq: 0, limit: EVENTS_PAGE_SIZE },
      { id: 'r1', afterSeq: EVENTS_PAGE_SIZE, limit: EVENTS_PAGE_SIZE },
    ]);

    await act(async () => client.push({ type: 'run.event', event: builders.event({ seq: EVENTS_PAGE_SIZE + 6, data: { message: 'live' } }) }));
    await act(async () => client.push({ type: 'run.event', event: builders.event({ seq: EVENTS_PAGE_SIZE + 6, data: { message: 'live' } }) }));
    const lines = runDetailStore
      .getState()
      .log.rows.filter((row) => row.kind === 'notice')
      .map((row) => row.text);
    expect(lines).toHaveLength(EVENTS_PAGE_SIZE + 6);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.at(-1)).toBe('live');
    // Only a window of the lines is in the DOM.
    expect(container.querySelectorAll('[data-testid="run-log"] .log-line').length).toBeLessThan(200);

    await act(async () => client.push({ type: 'run.updated', run: builders.run({ status: 'ended', stopReason: 'completed' }) }));
    expect(container.querySelector('[data-testid="run-status"]')?.textContent).toBe('Ended');
    expect(container.textContent).toContain('Completed: the agent called complete');
    expect([...container.querySelectorAll('button')].some((button) => button.textContent === 'Stop')).toBe(false);
    stopRouting();
  });

  it('shows why the engine refused to stop the run', async () => {
    const client = createFakeApiClient({
      'runs.get': () => builders.run(),
      'runs.iterations': () => [],
      'runs.events': () => ({ events: [], lastSeq: 0 }),
      'runs.stop': () => {
        throw new ApiCallError('runs.stop', { code: 'conflict', message: 'The run is already stopping' });
      },
    });
    const rendered = await page.render(client);
    await click(getButton(rendered.container, 'Stop'));
    await click(getButton(rendered.container, 'Stop now'));
    expect(rendered.container.querySelector('[role="alert"]')?.textContent).toBe('Could not stop the run: The run is already stopping');
  });

  it('shows the crash details the engine recorded: exit code, signal and stderr tail', async () => {
    const client = createFakeApiClient({
      'runs.get': () => builders.run({ status: 'ended', stopReason: 'crash', detail: 'the runner exited without saying why' }),
      'runs.iterations': () => [],
      'runs.events': () => ({
        events: [
          builders.event({
            seq: 1,
            iteration: 0,
            kind: 'error',
            data: { message: 'the runner exited', exitCode: 137, signal: 'SIGKILL', stderrTail: 'out of memory' },
          }),
        ],
        lastSeq: 1,
      }),
    });
    const rendered = await page.render(client);
    const { container } = rendered;
    expect(container.querySelector('[data-testid="crash-exit-code"]')?.textContent).toBe('137');
    expect(container.querySelector('[data-testid="crash-signal"]')?.textContent).toBe('SIGKILL');
    expect(container.querySelector('[data-testid="crash-stderr"]')?.textContent).toBe('out of memory');
  });

  it('shows each limit as a meter filled with what is used', async () => {
    const client = createFakeApiClient({
      'runs.get': () => builders.run({ inputTokens: 600, outputTokens: 200, limits: { maxTokens: 1_000 } }),
      'runs.iterations': () => [builders.iteration({ n: 1, inputTokens: 600, outputTokens: 200 })],
      'runs.events': () => ({ events: [], lastSeq: 0 }),
    });
    const rendered = await page.render(client);
    const meter = rendered.container.querySelector('[data-testid="limit-tokens"] [role="meter"]');
    expect(meter?.getAttribute('aria-valuenow')).toBe('800');
    expect(meter?.getAttribute('aria-valuemax')).toBe('1000');
    expect(meter?.getAttribute('aria-valuetext')).toBe('800 of 1,000 tokens used (200 left)');
    expect(rendered.container.querySelector('[data-testid="limit-cost"] [role="meter"]')).toBeNull();
    expect(rendered.container.querySelector('[data-testid="usage-chart"] title')?.textContent).toContain('1 iterations, 800 in total of a 1,000 limit');
  });

  it('says so when there is no such run', async () => {
    const client = createFakeApiClient({
      'runs.get': () => {
        throw new ApiCallError('runs.get', { code: 'not_found', message: 'no run' });
      },
      'runs.iterations': () => [],
    });
    const rendered = await page.render(client, { runId: 'nope' });
    expect(rendered.container.querySelector('[role="alert"]')?.textContent).toBe('There is no run with the id nope.');
  });

  it('shows this run’s pending approvals in place while they wait, and drops each once it is answered', async () => {
    const client = createFakeApiClient({
      'runs.get': () => builders.run({ status: 'waiting_approval' }),
      'runs.iterations': () => [],
      'runs.events': () => ({ events: [], lastSeq: 0 }),
    });
    const stopRouting = startEventRouter(client);
    const rendered = await page.render(client);
    const { container } = rendered;
    expect(container.querySelector('[data-testid^="approval-"]')).toBeNull();

    const mine = builders.approval({ id: 'a1', runId: 'r1' });
    await act(async () => client.push({ type: 'approval.requested', approval: mine }));
    await act(async () => client.push({ type: 'approval.requested', approval: builders.approval({ id: 'a2', runId: 'other' }) }));
    expect([...container.querySelectorAll('[data-testid^="approval-"]')].map((card) => card.getAttribute('data-testid'))).toEqual(['approval-a1']);
    expect(container.textContent).toContain('Waiting for your approval (1)');
    expect(getButton(container, 'Allow once')).toBeDefined();

    await act(async () =>
      client.push({ type: 'approval.resolved', approval: { ...mine, status: 'cancelled', decidedBy: 'cancelled', decidedAt: '2025-01-01T00:00:09.000Z' } }),
    );
    expect(container.querySelector('[data-testid="approval-a1"]')).toBeNull();
    stopRouting();
  });

  it('for a budget pause, says why with the engine’s detail and offers Extend and resume instead of Resume', async () => {
    const client = createFakeApiClient({
      'runs.get': () => builders.run({ status: 'paused', pauseReason: 'budget', detail: 'Used 500 of 500 tokens', limits: { maxTokens: 500 } }),
      'runs.iterations': () => [],
      'runs.events': () => ({ events: [], lastSeq: 0 }),
    });
    const rendered = await page.render(client);
    const { container } = rendered;
    expect(container.querySelector('[data-testid="run-reason"]')?.textContent).toBe('Paused: a budget limit was reached — Used 500 of 500 tokens');
    expect(getButton(container, 'Extend and resume')).toBeDefined();
    expect(() => getButton(container, 'Resume')).toThrow();
  });

  it('shows the engine’s detail while a pause is on its way', async () => {
    const client = createFakeApiClient({
      'runs.get': () => builders.run({ detail: 'Pausing after the current iteration' }),
      'runs.iterations': () => [],
      'runs.events': () => ({ events: [], lastSeq: 0 }),
    });
    const rendered = await page.render(client);
    expect(rendered.container.querySelector('[data-testid="run-reason"]')?.textContent).toBe('Pausing after the current iteration');
  });

  it('gives a run in a worktree Log and Changes tabs, and a changes link for each iteration that committed', async () => {
    const worktree = { path: '/data/worktrees/r1', branch: 'autoloop/demo-abc123', baseRef: 'main', baseCommit: 'abcdef12', repoPath: '/repo' };
    const client = createFakeApiClient({
      'runs.get': () => builders.run({ status: 'ended', isolation: 'worktree', worktree, worktreeState: 'active', iterations: 2 }),
      'runs.iterations': () => [builders.iteration({ n: 1, commit: 'c1' }), builders.iteration({ n: 2, commit: null })],
      'runs.events': ({ afterSeq = 0 }) => ({ events: [], lastSeq: afterSeq }),
      'runs.diff': ({ iteration }) => ({ base: 'b', head: 'h', iteration: iteration ?? null, files: [], uncommitted: false, patch: null }),
    });
    const rendered = await page.render(client, { tab: 'changes', iteration: 1 });
    const { container } = rendered;
    const tabs = [...container.querySelectorAll('nav[aria-label="Run views"] a')];
    expect(tabs.map((tab) => [tab.textContent, tab.getAttribute('href'), tab.getAttribute('aria-current')])).toEqual([
      ['Log', '#/runs/r1', null],
      ['Changes', '#/runs/r1/changes', 'page'],
    ]);
    expect(container.querySelector('[data-testid="iteration-changes-1"]')?.getAttribute('href')).toBe('#/runs/r1/changes/1');
    expect(container.querySelector('[data-testid="iteration-changes-2"]')).toBeNull();
    expect(container.querySelector('[data-testid="changes-totals"]')?.textContent).toBe('No changes in iteration 1');
    expect(container.querySelector('[data-testid="run-log"]')).toBeNull();
    expect(container.querySelector('[data-testid="worktree-state"]')?.textContent).toBe('Changes on its branch, not merged yet');
  });
});
