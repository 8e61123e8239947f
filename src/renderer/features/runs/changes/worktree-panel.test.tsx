// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MergeCheck, Run } from '../../../../shared/records';
import { ApiCallError } from '../../../api/api-call-error';
import { builders } from '../../../testing/builders';
import { createFakeApiClient, type FakeApiClient } from '../../../testing/fake-api-client';
import { click, getButton, getByLabel, renderWithApi, type Rendered } from '../../../testing/render';
import { applyRunFetched, emptyRunsState, runsStore } from '../runs-store';
import { WorktreePanel } from './worktree-panel';

const worktree = { path: '/data/worktrees/r1', branch: 'autoloop/demo-abc123', baseRef: 'main', baseCommit: 'abcdef12', repoPath: '/repo' };
const ended = builders.run({ status: 'ended', stopReason: 'completed', isolation: 'worktree', worktree, worktreeState: 'active' });
const clean: MergeCheck = { into: 'main', commits: 2, files: 3, conflicts: [], blocked: null };
const buttons = (container: HTMLElement): string[] => [...container.querySelectorAll('button')].map((button) => button.textContent ?? '');

describe('WorktreePanel', () => {
  let rendered: Rendered | null = null;
  const render = async (run: Run, client: FakeApiClient): Promise<HTMLElement> => {
    runsStore.setState(applyRunFetched(emptyRunsState, run, 0), true);
    rendered = await renderWithApi(<WorktreePanel run={run} />, client);
    return rendered.container;
  };
  beforeEach(() => runsStore.setState(emptyRunsState, true));
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('offers Merge and Discard only once the run has ended with its changes unmerged, and nothing without a worktree', async () => {
    expect(buttons(await render(ended, createFakeApiClient({})))).toEqual(['Merge…', 'Discard…']);
    await rendered?.unmount();
    expect(buttons(await render({ ...ended, status: 'running', stopReason: null }, createFakeApiClient({})))).toEqual([]);
    await rendered?.unmount();
    expect(buttons(await render({ ...ended, worktreeState: 'missing' }, createFakeApiClient({})))).toEqual(['Discard…']);
    await rendered?.unmount();
    expect(buttons(await render({ ...ended, worktreeState: 'merged' }, createFakeApiClient({})))).toEqual([]);
    await rendered?.unmount();
    expect((await render(builders.run({ status: 'ended' }), createFakeApiClient({}))).innerHTML).toBe('');
  });

  it('checks before merging, squashes into the base branch by default, and shows what the merge did', async () => {
    const client = createFakeApiClient({
      'runs.mergeCheck': () => clean,
      'runs.merge': () => ({
        run: { ...ended, worktreeState: 'merged' },
        merge: { into: 'main', strategy: 'squash', commit: '0123456789abcdef', branchKept: false },
      }),
    });
    const container = await render(ended, client);
    await click(getButton(container, 'Merge…'));
    expect(getByLabel(container, 'Into branch').value).toBe('main');
    expect(container.querySelector('[data-testid="merge-check"]')?.textContent).toBe('2 commits, 3 files: merges cleanly into main.');
    await click(getButton(container, 'Merge into main'));
    expect(client.calls).toEqual([
      { method: 'runs.mergeCheck', params: { id: 'r1', into: 'main' } },
      { method: 'runs.merge', params: { id: 'r1', strategy: 'squash', keepBranch: false, into: 'main' } },
    ]);
    expect(container.querySelector('[data-testid="worktree-outcome"]')?.textContent).toBe(
      'Merged into main (squash) as 0123456789ab; its worktree and branch were removed.',
    );
    expect(runsStore.getState().byId.r1?.worktreeState).toBe('merged');
  });

  it('refuses a conflicting merge with the files, and a dirty target with the reason, before anything is merged', async () => {
    let check: MergeCheck = { ...clean, conflicts: ['src/a.ts', 'README.md'] };
    const client = createFakeApiClient({ 'runs.mergeCheck': () => check });
    const container = await render(ended, client);
    await click(getButton(container, 'Merge…'));
    const alert = container.querySelector('[data-testid="merge-check"] [role="alert"]');
    expect(alert?.textContent).toContain('Merge refused: these files conflict with main.');
    // A completed run cannot be resumed, so only the ways that work are offered.
    expect(alert?.textContent).toContain('Merge by hand (git merge in your folder), or discard the run.');
    expect(alert?.textContent).not.toContain('Resume');
    expect([...(alert?.querySelectorAll('li') ?? [])].map((item) => item.textContent)).toEqual(['src/a.ts', 'README.md']);
    expect(getButton(container, 'Merge into main').disabled).toBe(true);

    check = { ...clean, blocked: '/repo has uncommitted changes on main: commit or stash them, then merge again' };
    await click(getButton(container, 'Cancel'));
    await click(getButton(container, 'Merge…'));
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      'Merge refused: /repo has uncommitted changes on main: commit or stash them, then merge again.',
    );
    expect(getButton(container, 'Merge into main').disabled).toBe(true);
    expect(client.calls.map((call) => call.method)).toEqual(['runs.mergeCheck', 'runs.mergeCheck']);
  });

  it('asks before discarding, and says so once it is done; a refusal is shown', async () => {
    let refuse = true;
    const client = createFakeApiClient({
      'runs.discard': () => {
        if (refuse) throw new ApiCallError('runs.discard', { code: 'conflict', message: 'The run "demo" is running: stop it before discarding its changes' });
        return { ...ended, worktreeState: 'discarded' };
      },
    });
    const container = await render(ended, client);
    await click(getButton(container, 'Discard…'));
    expect(client.calls).toEqual([]);
    expect(container.querySelector('[role="group"]')?.getAttribute('aria-label')).toBe('Discard the changes of demo?');
    await click(getButton(container, 'Yes, discard'));
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      'Could not discard the changes: The run "demo" is running: stop it before discarding its changes',
    );
    refuse = false;
    await act(async () => getButton(container, 'Yes, discard').click());
    expect(container.querySelector('[data-testid="worktree-outcome"]')?.textContent).toBe('Discarded: the run’s worktree and branch were removed.');
    expect(client.calls).toEqual([
      { method: 'runs.discard', params: { id: 'r1' } },
      { method: 'runs.discard', params: { id: 'r1' } },
    ]);
  });
});
