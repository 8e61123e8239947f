// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DiffFile, RunDiff } from '../../../../shared/records';
import { builders } from '../../../testing/builders';
import { createFakeApiClient } from '../../../testing/fake-api-client';
import { click, renderWithApi, type Rendered } from '../../../testing/render';
import { closeRunDetail, openRunDetail, receiveIterations } from '../run-detail-store';
import { ChangesTab } from './changes-tab';
import { LARGE_FILE_LINES } from './diff-model';

const worktree = { path: '/data/worktrees/r1', branch: 'autoloop/demo-abc123', baseRef: 'main', baseCommit: 'abcdef12', repoPath: '/repo' };
const run = builders.run({ status: 'ended', stopReason: 'completed', isolation: 'worktree', worktree, worktreeState: 'active' });

const textFile = (path: string, lines: number): DiffFile => ({
  path,
  oldPath: null,
  status: 'added',
  additions: lines,
  deletions: 0,
  binary: false,
  collapsed: false,
  hunks: [
    {
      oldStart: 0,
      oldLines: 0,
      newStart: 1,
      newLines: lines,
      header: '',
      lines: Array.from({ length: lines }, (_, at) => ({ kind: 'add', text: `${path} line ${at + 1}` })),
    },
  ],
});
const binary: DiffFile = { path: 'logo.png', oldPath: null, status: 'added', additions: 0, deletions: 0, binary: true, collapsed: false, hunks: [] };

function diffOf(iteration: number | null, files: DiffFile[]): RunDiff {
  return { base: 'b', head: `h${iteration ?? 'all'}`, iteration, files, uncommitted: false, patch: null };
}

describe('ChangesTab', () => {
  let rendered: Rendered | null = null;
  beforeEach(() => {
    openRunDetail('r1');
    receiveIterations([builders.iteration({ n: 1, commit: 'c1', summary: 'Added a.' }), builders.iteration({ n: 2, commit: 'c2', summary: 'Grew it.' })]);
    window.location.hash = '#/runs/r1/changes';
  });
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
    closeRunDetail('r1');
  });

  it('lists the files with their counts, numbers the lines, folds a large file until asked, and names a binary one', async () => {
    const client = createFakeApiClient({
      'runs.diff': ({ iteration }) => diffOf(iteration ?? null, [textFile('a.txt', 2), textFile('big.txt', LARGE_FILE_LINES + 1), binary]),
    });
    rendered = await renderWithApi(<ChangesTab run={run} iteration={null} />, client);
    const { container } = rendered;
    expect(client.calls).toEqual([{ method: 'runs.diff', params: { id: 'r1' } }]);
    expect(container.querySelector('[data-testid="changes-totals"]')?.textContent).toBe('3 files changed, +403 −0 in the whole run');
    expect([...container.querySelectorAll('.changes-files li')].map((item) => item.textContent)).toEqual(['a.txt +2 −0', 'big.txt +401 −0', 'logo.png binary']);

    const small = container.querySelector('[data-testid="diff-file-a.txt"]') as HTMLElement;
    expect([...small.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent))).toEqual([
      ['', '', '', '@@ -0,0 +1,2 @@'],
      ['', '1', '+', 'a.txt line 1'],
      ['', '2', '+', 'a.txt line 2'],
    ]);

    const big = container.querySelector('[data-testid="diff-file-big.txt"]') as HTMLElement;
    const toggle = big.querySelector('button') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(big.querySelector('table')).toBeNull();
    expect(big.textContent).toContain('(401 lines folded)');
    await click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(big.querySelectorAll('tr.diff-add')).toHaveLength(LARGE_FILE_LINES + 1);
    await click(toggle);
    expect(big.querySelector('table')).toBeNull();

    const image = container.querySelector('[data-testid="diff-file-logo.png"]') as HTMLElement;
    expect(image.querySelector('button')).toBeNull();
    expect(image.textContent).toContain('Binary file: its contents are not shown.');
  });

  it('shows one iteration’s diff, and the picker goes to another through the address', async () => {
    const client = createFakeApiClient({ 'runs.diff': ({ iteration }) => diffOf(iteration ?? null, [textFile(`it${iteration ?? 'all'}.txt`, 1)]) });
    rendered = await renderWithApi(<ChangesTab run={run} iteration={2} />, client);
    const { container } = rendered;
    expect(client.calls).toEqual([{ method: 'runs.diff', params: { id: 'r1', iteration: 2 } }]);
    expect(container.querySelector('[data-testid="changes-totals"]')?.textContent).toBe('1 file changed, +1 −0 in iteration 2');
    const picker = container.querySelector('select') as HTMLSelectElement;
    expect([...picker.options].map((option) => option.textContent)).toEqual(['Whole run', 'Iteration 1: Added a.', 'Iteration 2: Grew it.']);
    expect(picker.value).toBe('2');
    await act(async () => {
      picker.value = '1';
      picker.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(window.location.hash).toBe('#/runs/r1/changes/1');
  });

  it('loads again when a new iteration commits, and says when the diff cannot be read', async () => {
    let answer: 'ok' | 'fail' = 'ok';
    const client = createFakeApiClient({
      'runs.diff': () => {
        if (answer === 'fail') throw new Error('the worktree is gone');
        return diffOf(null, [textFile('a.txt', 1)]);
      },
    });
    rendered = await renderWithApi(<ChangesTab run={run} iteration={null} />, client);
    answer = 'fail';
    await act(async () => receiveIterations([builders.iteration({ n: 3, commit: 'c3' })]));
    expect(client.calls).toHaveLength(2);
    expect(rendered.container.querySelector('[role="alert"]')?.textContent).toBe('Could not load the changes: the worktree is gone');
  });
});
