import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { writeFileScript } from '../fixtures/approval-scripts';
import { expect, test } from '../fixtures/engine';
import { buildRunBundle, crashEvent } from '../fixtures/run-bundles';

/** Spawning the runner and its first response, on a busy 2-core machine. */
const ASKS_TIMEOUT_MS = 20_000;

/** The serious and critical violations axe-core finds on the page as it is now, in words a failure message can show. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

test.setTimeout(240_000);

test('every page passes an axe-core scan with no serious or critical violations, in light and dark', async ({ page, engine }) => {
  const workdir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-axe-'));
  try {
    const crashedId = 'crashed-for-axe';
    const { run: crashed } = await engine.api('runs.import', {
      bundle: buildRunBundle(crashedId, {
        run: {
          name: 'Crashed run',
          status: 'ended',
          stopReason: 'crash',
          detail: 'the runner exited without saying why',
          limits: { maxTokens: 10_000, maxCostUsd: 1 },
        },
        iterations: [
          {
            runId: crashedId,
            n: 1,
            status: 'ok',
            summary: 'Looked around.',
            durationMs: 1_000,
            inputTokens: 500,
            outputTokens: 50,
            cacheReadTokens: 0,
            cacheWriteTokens: 0,
            costUsd: 0.01,
            startedAt: '2026-01-05T09:00:00.000Z',
            endedAt: '2026-01-05T09:00:01.000Z',
            commit: null,
          },
        ],
        events: [
          {
            runId: crashedId,
            seq: 1,
            iteration: 1,
            kind: 'tool_call',
            data: { toolCallId: 'c1', tool: 'bash', input: { command: 'npm test' } },
            at: '2026-01-05T09:00:00.500Z',
          },
          {
            runId: crashedId,
            seq: 2,
            iteration: 1,
            kind: 'tool_result',
            data: { toolCallId: 'c1', tool: 'bash', output: '3 failing', isError: true },
            at: '2026-01-05T09:00:00.900Z',
          },
          crashEvent(crashedId, 3, { exitCode: 1, signal: null, stderrTail: 'TypeError: boom' }),
        ],
      }),
    });
    const script = await engine.writeScript('asks', writeFileScript('notes.txt', 'hello'));
    const asking = await engine.api('runs.start', {
      template: 'demo-counter',
      name: 'Asks to write',
      model: `scripted/${script}`,
      workdir,
      permissions: { profile: 'ask' },
    });
    await expect.poll(async () => (await engine.api('approvals.list', { runId: asking.id })).length, { timeout: ASKS_TIMEOUT_MS }).toBe(1);
    // A schedule with a few slots in its history (every 2 s, each run completes at once), paused so the page holds still.
    const quick = await engine.writeScript('quick', {
      responses: [{ toolCalls: [{ tool: 'complete', input: { reason: 'done' } }] }],
      whenExhausted: 'repeat-last',
    });
    const schedule = await engine.api('schedules.create', {
      template: 'demo-counter',
      name: 'every-two',
      cron: '*/2 * * * * *',
      timezone: 'UTC',
      settings: { model: `scripted/${quick}`, workdir },
    });
    await expect
      .poll(async () => (await engine.api('schedules.get', { id: schedule.id, slots: 50 })).slots.filter((slot) => slot.runId).length, {
        timeout: ASKS_TIMEOUT_MS,
      })
      .toBeGreaterThanOrEqual(2);
    await engine.api('schedules.pause', { id: schedule.id });

    const pages: ReadonlyArray<Readonly<{ hash: string; ready(): Promise<void> }>> = [
      { hash: '#/runs', ready: () => expect(page.getByTestId('runs-table')).toBeVisible() },
      { hash: `#/runs/${crashed.id}`, ready: () => expect(page.getByTestId('crash-details')).toBeVisible() },
      { hash: `#/runs/${asking.id}`, ready: () => expect(page.getByRole('button', { name: 'Allow once' })).toBeVisible() },
      { hash: '#/new', ready: () => expect(page.getByRole('button', { name: 'Start run' })).toBeVisible() },
      { hash: '#/templates', ready: () => expect(page.getByTestId('template-test-fixer')).toBeVisible() },
      { hash: '#/templates/test-fixer', ready: () => expect(page.locator('.cm-content')).toBeVisible() },
      { hash: '#/approvals', ready: () => expect(page.getByTestId('approvals-inbox')).toBeVisible() },
      { hash: '#/settings', ready: () => expect(page.getByTestId('data-folder')).not.toHaveText('…') },
      { hash: '#/schedules', ready: () => expect(page.getByTestId('schedule-every-two')).toBeVisible() },
      { hash: `#/schedules/${schedule.id}`, ready: () => expect(page.getByTestId('schedule-slot').first()).toBeVisible() },
      { hash: '#/schedules/new', ready: () => expect(page.getByRole('button', { name: 'Create schedule' })).toBeVisible() },
    ];
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      for (const { hash, ready } of pages) {
        await page.goto(`${engine.url}${hash}`);
        await ready();
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        expect(await seriousViolations(page), `${hash} in ${theme}`).toEqual([]);
      }
      await page.keyboard.press('?');
      await expect(page.getByTestId('help-overlay')).toBeVisible();
      expect(await seriousViolations(page), `the shortcut help in ${theme}`).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('help-overlay')).toBeHidden();
    }
  } finally {
    await rm(workdir, { recursive: true, force: true, maxRetries: 3 });
  }
});
