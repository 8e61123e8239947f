import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScriptedScriptInput } from '../fixtures/counting-script';
import { expect, test } from '../fixtures/engine';

/** The lint waits for a pause in typing, then asks the engine. */
const LINT_TIMEOUT_MS = 10_000;
/** Spawning the runner and the first model response, on a busy 2-core machine. */
const ASKS_TIMEOUT_MS = 20_000;
/** The write, the rest of iteration 1, and the budget gate pausing the run. */
const PAUSES_TIMEOUT_MS = 20_000;
/** A fresh runner from the checkpoint, the interval and the last iteration. */
const COMPLETES_TIMEOUT_MS = 30_000;

const TEMPLATE = 'team-notes';
const RUN_NAME = 'Notes for the team';
/** Iteration 1 uses exactly this many tokens (its three responses add up to it); it is also the run's token limit. */
const TOKEN_LIMIT = 500;
const NOTES = '# Team notes\n\nShip the release on Friday.\n';

/**
 * Iteration 1 asks to write notes.md (the template's `ask` profile), reports, and ends its turn
 * having used TOKEN_LIMIT tokens; iteration 2 reports and completes the run in one response.
 */
function notesScript(): ScriptedScriptInput {
  return {
    responses: [
      {
        text: 'Writing notes.md.',
        toolCalls: [{ tool: 'write_file', input: { path: 'notes.md', content: NOTES } }],
        usage: { inputTokens: 300, outputTokens: 50 },
      },
      { toolCalls: [{ tool: 'report', input: { summary: 'Wrote notes.md.' } }], usage: { inputTokens: 100, outputTokens: 25 } },
      { text: 'The notes are written.', usage: { inputTokens: 20, outputTokens: 5 } },
      {
        text: 'The notes are complete.',
        toolCalls: [
          { tool: 'report', input: { summary: 'Checked notes.md.' } },
          { tool: 'complete', input: { reason: 'the notes are written' } },
        ],
        usage: { inputTokens: 400, outputTokens: 100 },
      },
    ],
  };
}

test('a person writes a template, fixes its lint error, runs it, answers its approval, extends its budget, and sees it complete', async ({ page, engine }) => {
  await page.goto(`${engine.url}#/templates`);
  await page.getByRole('button', { name: 'New template' }).click();
  await page.getByLabel('New template name').fill(TEMPLATE);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(new RegExp(`#/templates/${TEMPLATE}$`));
  await expect(page.getByText('Yours', { exact: true })).toBeVisible();
  // A new template starts with one warning (its required param has no default), and no errors.
  const findings = page.getByTestId('template-findings');
  const errors = findings.locator('.finding-error');
  await expect(findings.getByRole('listitem')).toHaveCount(1);
  await expect(findings).toContainText('warning Line 5, column 3:');
  await expect(errors).toHaveCount(0);

  // The new template's last line (16) is empty: a placeholder no param declares is a lint error there.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('Keep the notes short for {{audience}}');
  await expect(page.getByTestId('template-dirty')).toBeVisible();
  await expect(errors).toHaveCount(1, { timeout: LINT_TIMEOUT_MS });
  await expect(errors).toContainText('error Line 16, column 26:');
  await expect(errors).toContainText('{{audience}}');
  await expect(page.locator('.cm-lintRange-error')).toHaveText('{{audience}}');

  // The fix: the goal the template declares instead.
  for (const _ of 'audience}}') await page.keyboard.press('Backspace');
  await page.keyboard.type('goal}}.');
  await expect(errors).toHaveCount(0, { timeout: LINT_TIMEOUT_MS });
  await expect(findings.getByRole('listitem')).toHaveCount(1);
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('template-dirty')).toHaveCount(0);
  await expect(page.getByTestId('template-preview')).toContainText('Keep the notes short for {{goal}}.');

  const workdir = join(engine.dataDir, 'notes-work');
  await mkdir(workdir);
  const script = await engine.writeScript('team-notes', notesScript());
  await page.getByRole('link', { name: 'New run' }).click();
  await page.getByLabel('Template', { exact: true }).selectOption(TEMPLATE);
  await page.getByLabel('goal').fill('notes for the release');
  await page.getByLabel('Name', { exact: true }).fill(RUN_NAME);
  await page.getByLabel('Working folder').fill(workdir);
  await page.getByLabel('Model', { exact: true }).fill(`scripted/${script}`);
  await page.getByLabel('Max tokens').fill(String(TOKEN_LIMIT));
  await page.getByRole('button', { name: 'Start run' }).click();

  await expect(page).toHaveURL(/#\/runs\/[^/?#]+$/);
  const runId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
  await expect(page.getByRole('heading', { level: 1, name: RUN_NAME })).toBeVisible();
  await expect(page.getByTestId('run-profile')).toHaveText('ask');

  // Live: the log shows the model's words and its call while the run waits for the person.
  await expect(page.getByTestId('run-status')).toHaveText('Waiting for approval', { timeout: ASKS_TIMEOUT_MS });
  await expect(page.getByTestId('run-log')).toContainText('Writing notes.md.');
  await expect(page.getByTestId('run-log')).toContainText('→ write_file(');
  const [approval] = await engine.api('approvals.list', { runId, status: 'pending' });
  if (!approval) throw new Error('The run is waiting_approval but approvals.list has no pending request');
  const card = page.getByTestId(`approval-${approval.id}`);
  await expect(card).toContainText('write_file');
  await expect(card).toContainText('New content of notes.md');
  await card.getByRole('button', { name: 'Allow once' }).click();
  await expect(card).toHaveCount(0);

  await expect(page.getByTestId('run-status')).toHaveText('Paused', { timeout: PAUSES_TIMEOUT_MS });
  await expect(page.getByTestId('run-reason')).toContainText('Paused: a budget limit was reached');
  await expect(page.getByTestId('run-reason')).toContainText(`Used ${TOKEN_LIMIT} of ${TOKEN_LIMIT} tokens`);
  await expect(page.getByTestId('iteration-1')).toContainText('Wrote notes.md.');
  await expect(page.getByTestId('run-iterations-count')).toHaveText('1');
  expect(await readFile(join(workdir, 'notes.md'), 'utf8')).toBe(NOTES);

  // The limit it reached, raised to a suggestion (room for as much again, rounded up).
  await expect(page.getByLabel('Max tokens')).toHaveValue(String(2 * TOKEN_LIMIT));
  await page.getByLabel('Max tokens').fill('5000');
  await page.getByRole('button', { name: 'Extend and resume' }).click();

  await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: COMPLETES_TIMEOUT_MS });
  await expect(page.getByTestId('run-reason')).toContainText('Completed');
  await expect(page.getByTestId('iteration-2')).toContainText('Checked notes.md.');
  await expect(page.getByTestId('run-iterations-count')).toHaveText('2');
  await expect(page.getByTestId('run-log')).toContainText('The notes are complete.');
  await expect(page.getByRole('button', { name: 'Extend and resume' })).toHaveCount(0);
  const ended = await engine.api('runs.get', { id: runId });
  expect(ended).toMatchObject({ template: TEMPLATE, stopReason: 'completed', iterations: 2, limits: { maxTokens: 5_000, maxIterations: 20 } });
  expect(ended.inputTokens + ended.outputTokens).toBe(2 * TOKEN_LIMIT);
  expect(await engine.api('approvals.list', { runId, status: 'all' })).toEqual([
    expect.objectContaining({ id: approval.id, status: 'allowed', scope: 'once', decidedBy: 'user' }),
  ]);
});
