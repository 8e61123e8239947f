import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/engine';

/** Spawning the runner, making the worktree and playing two writing iterations, on a busy 2-core machine. */
const RUN_TIMEOUT_MS = 45_000;
/** The dry-run merge and the merge itself (a few git commands). */
const MERGE_TIMEOUT_MS = 15_000;

const git = (repo: string, ...args: string[]): string => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();

/** Serious and critical axe-core violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help}`);
}

test('a person starts a run on a repository, watches it change files, reads iteration 2’s diff, merges it, and finds the change in the repository', async ({
  page,
  engine,
}) => {
  const repo = await mkdtemp(join(tmpdir(), 'autoloop-e2e-review-'));
  try {
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.name', 'Person');
    git(repo, 'config', 'user.email', 'person@example.com');
    await writeFile(join(repo, 'notes.md'), '# Notes\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'first');
    const script = await engine.writeScript('two-writes', {
      responses: [
        { toolCalls: [{ tool: 'write_file', input: { path: 'notes.md', content: '# Notes\n\nFirst finding.\n' } }] },
        { delayMs: 1_500, toolCalls: [{ tool: 'report', input: { summary: 'Wrote the first finding.' } }] },
        { text: 'Done with iteration 1.' },
        {
          toolCalls: [
            { tool: 'write_file', input: { path: 'notes.md', content: '# Notes\n\nFirst finding.\nSecond finding.\n' } },
            { tool: 'write_file', input: { path: 'todo.txt', content: 'check the second finding\n' } },
            { tool: 'report', input: { summary: 'Added the second finding.' } },
          ],
        },
        { text: 'Done with iteration 2.' },
        { toolCalls: [{ tool: 'complete', input: { reason: 'both findings written' } }] },
        { text: 'Complete.' },
      ],
    });

    await page.goto(`${engine.url}#/new`);
    await page.getByLabel('Template', { exact: true }).selectOption('demo-counter');
    await page.getByLabel('Model', { exact: true }).fill(`scripted/${script}`);
    await page.getByLabel('Working folder').fill(repo);
    await page.getByLabel('Permissions').selectOption('trusted');
    await page.getByRole('button', { name: 'Start run' }).click();
    await expect(page).toHaveURL(/#\/runs\/[^/?#]+$/);
    const runId = decodeURIComponent(new URL(page.url()).hash.split('/').at(-1) ?? '');
    await expect(page.getByTestId('worktree-panel')).toContainText('autoloop/');

    // While it runs, the Changes tab shows what it changed so far.
    await page.getByRole('link', { name: 'Changes', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`#/runs/${runId}/changes$`));
    await expect(page.getByTestId('diff-file-notes.md')).toContainText('First finding.', { timeout: RUN_TIMEOUT_MS });
    await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: RUN_TIMEOUT_MS });
    await expect(page.getByTestId('changes-totals')).toHaveText('2 files changed, +4 −0 in the whole run');
    // The person's folder is untouched until the merge.
    expect(await readFile(join(repo, 'notes.md'), 'utf8')).toBe('# Notes\n');

    // Iteration 2's diff, from the iterations table.
    await page.getByRole('link', { name: 'Changes of iteration 2' }).click();
    await expect(page).toHaveURL(new RegExp(`#/runs/${runId}/changes/2$`));
    await expect(page.getByLabel('Show changes of')).toHaveValue('2');
    await expect(page.getByTestId('changes-totals')).toHaveText('2 files changed, +2 −0 in iteration 2');
    const notes = page.getByTestId('diff-file-notes.md');
    await expect(notes.locator('tr.diff-add')).toHaveText(['4+Second finding.']);
    await expect(notes.locator('tr.diff-context').last()).toHaveText('33 First finding.');
    await expect(page.getByTestId('diff-file-todo.txt')).toContainText('check the second finding');
    // Fold and unfold a file from the keyboard.
    const toggle = notes.getByRole('button', { name: 'notes.md' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await page.keyboard.press('Enter');
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    // Merge: the dry run says it merges cleanly into the base branch; squash is the default.
    await page.getByRole('button', { name: 'Merge…' }).click();
    await expect(page.getByLabel('Into branch')).toHaveValue('main');
    await expect(page.getByRole('radio', { name: 'Squash' })).toBeChecked();
    await expect(page.getByTestId('merge-check')).toContainText('merges cleanly into main', { timeout: MERGE_TIMEOUT_MS });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Merge into main' }).click();
    await expect(page.getByTestId('worktree-outcome')).toContainText('Merged into main (squash)', { timeout: MERGE_TIMEOUT_MS });
    await expect(page.getByTestId('worktree-state')).toHaveText('Merged');
    await expect(page.getByRole('button', { name: 'Discard…' })).toHaveCount(0);

    // The change is in the person's repository, as one commit on main, and the folder is clean.
    expect(await readFile(join(repo, 'notes.md'), 'utf8')).toBe('# Notes\n\nFirst finding.\nSecond finding.\n');
    expect(await readFile(join(repo, 'todo.txt'), 'utf8')).toBe('check the second finding\n');
    const subjects = git(repo, 'log', '--format=%s', 'main').split('\n');
    expect(subjects).toHaveLength(2);
    expect(subjects[1]).toBe('first');
    expect(git(repo, 'log', '-1', '--format=%b', 'main')).toContain('- Iteration 2: Added the second finding.');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(git(repo, 'branch', '--list', 'autoloop/*')).toBe('');
  } finally {
    await rm(repo, { recursive: true, force: true, maxRetries: 3 });
  }
});
