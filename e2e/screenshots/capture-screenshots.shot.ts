import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Iteration, RunEvent } from '../../src/shared/records';
import { budgetScript, TOKENS_PER_ITERATION, writeFileScript } from '../fixtures/approval-scripts';
import { type Engine, expect, test } from '../fixtures/engine';
import { buildRunBundle, crashEvent } from '../fixtures/run-bundles';

/** Spawning runners and playing their scripts, on a busy 2-core machine. */
const STATE_TIMEOUT_MS = 45_000;
const THEMES = ['light', 'dark'] as const;

/** Six iterations that count, each using tokens, then complete: a finished run with a chart worth looking at. */
function countingRunScript() {
  const responses = Array.from({ length: 6 }, (_, index) => {
    const n = index + 1;
    const usage = { inputTokens: 900 + n * 150, outputTokens: 120 + n * 30 };
    const tools = [{ tool: 'report', input: { summary: `Counted to ${n}.` } }, ...(n === 6 ? [{ tool: 'complete', input: { reason: 'counted to 6' } }] : [])];
    return [
      { text: `Step ${n}: reading the notes so far.\nThe last number was ${n - 1}, so the next is ${n}.`, toolCalls: [{ tool: 'list_dir', input: { path: '.' } }], usage },
      { text: n === 6 ? 'All six steps are done.' : `${n}`, toolCalls: tools, usage },
      // A turn ends with an answer without tool calls; the next iteration starts after it.
      { text: `Done with step ${n}.`, usage },
    ];
  }).flat();
  return { responses };
}

/** A run that crashed after three iterations, as the engine records it (imported: a real crash needs a broken runner). */
function crashedBundle() {
  const id = 'nightly-crash';
  const iterations: Iteration[] = [1, 2, 3].map((n) => ({
    runId: id,
    n,
    status: n === 3 ? 'interrupted' : 'ok',
    summary: n === 3 ? '' : `Fixed failing test ${n} of 5.`,
    durationMs: 40_000 + n * 9_000,
    inputTokens: 18_000 + n * 4_000,
    outputTokens: 2_200 + n * 300,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0.09 + n * 0.02,
    startedAt: `2026-01-05T09:0${n}:00.000Z`,
    endedAt: n === 3 ? null : `2026-01-05T09:0${n}:50.000Z`,
    commit: null,
  }));
  const events: RunEvent[] = [
    { runId: id, seq: 1, iteration: 1, kind: 'text', data: { text: 'Running the test suite to see what fails.' }, at: '2026-01-05T09:01:01.000Z' },
    { runId: id, seq: 2, iteration: 1, kind: 'tool_call', data: { toolCallId: 't1', tool: 'bash', input: { command: 'npm test' } }, at: '2026-01-05T09:01:02.000Z' },
    { runId: id, seq: 3, iteration: 1, kind: 'tool_result', data: { toolCallId: 't1', tool: 'bash', output: '5 failing\n  parse.test.ts: expected 3, got 2', isError: false }, at: '2026-01-05T09:01:09.000Z' },
    { runId: id, seq: 4, iteration: 2, kind: 'text', data: { text: 'Fixing the off-by-one in parse().' }, at: '2026-01-05T09:02:01.000Z' },
    { runId: id, seq: 5, iteration: 3, kind: 'tool_call', data: { toolCallId: 't2', tool: 'bash', input: { command: 'npm test -- --runInBand' } }, at: '2026-01-05T09:03:02.000Z' },
    crashEvent(id, 6, { exitCode: null, signal: 'SIGKILL', stderrTail: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n 1: 0xb7a940 node::Abort() [node]' }),
  ];
  return buildRunBundle(id, {
    run: {
      name: 'Nightly test fix',
      template: 'seeded-run',
      status: 'ended',
      stopReason: 'crash',
      detail: 'the runner exited without saying why (exit code none, signal SIGKILL)',
      inputTokens: iterations.reduce((sum, it) => sum + it.inputTokens, 0),
      outputTokens: iterations.reduce((sum, it) => sum + it.outputTokens, 0),
      costUsd: 0.39,
      limits: { maxCostUsd: 2, maxIterations: 30, maxTokens: 200_000 },
      model: 'anthropic/claude-sonnet-4-5',
      permissions: { profile: 'workspace-write', rules: [] },
    },
    iterations,
    events,
  });
}

/** Runs in the states worth showing; returns their ids. */
async function createStates(engine: Engine, workdir: string) {
  const counting = await engine.writeScript('count-to-six', countingRunScript());
  const completed = await engine.api('runs.start', {
    template: 'demo-counter',
    name: 'Count to six',
    model: `scripted/${counting}`,
    limits: { maxTokens: 40_000, maxIterations: 10 },
    loop: { intervalMs: 0 },
  });
  const budget = await engine.api('runs.start', {
    template: 'demo-counter',
    name: 'Small token budget',
    model: `scripted/${await engine.writeScript('budget', budgetScript())}`,
    limits: { maxTokens: TOKENS_PER_ITERATION },
    loop: { intervalMs: 0 },
  });
  const asking = await engine.api('runs.start', {
    template: 'demo-counter',
    name: 'Write release notes',
    model: `scripted/${await engine.writeScript('write-notes', writeFileScript('RELEASE-NOTES.md', '# 0.2.0\n\n- Faster log view\n'))}`,
    workdir,
    permissions: { profile: 'ask' },
  });
  const { run: crashed } = await engine.api('runs.import', { bundle: crashedBundle() });
  const settle = async (id: string, wanted: string): Promise<void> => {
    await expect.poll(async () => (await engine.api('runs.get', { id })).status, { timeout: STATE_TIMEOUT_MS }).toBe(wanted);
  };
  await settle(completed.id, 'ended');
  await settle(budget.id, 'paused');
  await settle(asking.id, 'waiting_approval');
  return { completed: completed.id, budget: budget.id, crashed: crashed.id };
}

async function shoot(page: Page, folder: string, name: string, theme: string): Promise<void> {
  // Let pushes and fonts settle; no animations in this UI, so the shot is stable.
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(folder, `${name}-${theme}.png`), animations: 'disabled' });
}

test('every page, light and dark, with runs in useful states', async ({ page, engine, appRoot }) => {
  const folder = join(appRoot, 'docs', 'screenshots');
  await mkdir(folder, { recursive: true });
  const workdir = await mkdtemp(join(tmpdir(), 'autoloop-shots-'));
  try {
    const ids = await createStates(engine, workdir);
    const open = async (hash: string): Promise<void> => {
      await page.goto(`${engine.url}${hash}`);
      await expect(page.locator('main h1').first()).toBeVisible();
    };
    for (const theme of THEMES) {
      await page.emulateMedia({ colorScheme: theme });
      await open('#/runs');
      await expect(page.getByTestId('runs-table')).toBeVisible();
      await shoot(page, folder, 'runs', theme);

      await open(`#/runs/${ids.completed}`);
      await expect(page.getByTestId('usage-chart')).toBeVisible();
      await expect(page.getByTestId('run-log')).toContainText('All six steps are done.');
      await shoot(page, folder, 'run', theme);

      await open(`#/runs/${ids.budget}`);
      await expect(page.getByRole('button', { name: 'Extend and resume' })).toBeVisible();
      await shoot(page, folder, 'run-budget', theme);

      await open(`#/runs/${ids.crashed}`);
      await expect(page.getByTestId('crash-details')).toBeVisible();
      await shoot(page, folder, 'run-crash', theme);

      await open('#/new');
      await page.getByLabel('Template', { exact: true }).selectOption('test-fixer');
      await expect(page.locator('#param-test_command')).toHaveValue('npm test');
      await shoot(page, folder, 'new-run', theme);

      await open('#/templates');
      await expect(page.getByTestId('template-test-fixer')).toBeVisible();
      await shoot(page, folder, 'templates', theme);

      await open('#/templates/test-fixer');
      await expect(page.locator('.cm-content')).toBeVisible();
      await expect(page.getByTestId('template-preview')).toContainText('Test fixer');
      await shoot(page, folder, 'template-editor', theme);

      await open('#/approvals');
      await expect(page.getByTestId('approvals-inbox')).toBeVisible();
      await shoot(page, folder, 'approvals', theme);

      await open('#/settings');
      await expect(page.getByTestId('data-folder')).not.toHaveText('…');
      await shoot(page, folder, 'settings', theme);
    }
  } finally {
    await rm(workdir, { recursive: true, force: true, maxRetries: 3 });
  }
});
