import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures/engine';

// The run page's Changes tab in light and dark (README "Review and merge"). Only this file:
// `npx playwright test --config e2e/screenshots/screenshots.config.ts review-changes`.

/** Spawning the runner and playing the script, on a busy 2-core machine. */
const RUN_TIMEOUT_MS = 45_000;
const THEMES = ['light', 'dark'] as const;

const git = (repo: string, ...args: string[]): string => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();

const PARSE_BEFORE = `export function parseCount(text: string): number {\n  const value = Number(text);\n  return value;\n}\n`;
const PARSE_AFTER = `export function parseCount(text: string): number {\n  const value = Number(text.trim());\n  if (!Number.isInteger(value) || value < 0) throw new Error(\`not a count: \${text}\`);\n  return value;\n}\n`;

test('the Changes tab of a run in its worktree, light and dark', async ({ page, engine, appRoot }) => {
  const folder = join(appRoot, 'docs', 'screenshots');
  await mkdir(folder, { recursive: true });
  const repo = await mkdtemp(join(tmpdir(), 'autoloop-shots-repo-'));
  try {
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.name', 'Person');
    git(repo, 'config', 'user.email', 'person@example.com');
    await mkdir(join(repo, 'src'));
    await writeFile(join(repo, 'src', 'parse.ts'), PARSE_BEFORE);
    await writeFile(join(repo, 'README.md'), '# Counter\n\nCounts things.\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'first');
    const script = await engine.writeScript('fix-parse', {
      responses: [
        {
          text: 'parseCount accepts negative numbers and padding; fixing it.',
          toolCalls: [
            { tool: 'write_file', input: { path: 'src/parse.ts', content: PARSE_AFTER } },
            { tool: 'write_file', input: { path: 'src/parse.test.ts', content: "import { parseCount } from './parse';\n\nparseCount(' 3 ');\n" } },
            { tool: 'report', input: { summary: 'parseCount refuses negative and fractional counts.' } },
          ],
        },
        { text: 'Done.' },
        {
          toolCalls: [
            { tool: 'write_file', input: { path: 'README.md', content: '# Counter\n\nCounts things. Counts are whole numbers of 0 or more.\n' } },
            { tool: 'report', input: { summary: 'The README says what a count is.' } },
          ],
        },
        { text: 'Done.' },
        { toolCalls: [{ tool: 'complete', input: { reason: 'parseCount is strict and documented' } }] },
        { text: 'Complete.' },
      ],
    });
    const run = await engine.api('runs.start', {
      template: 'demo-counter',
      name: 'Strict parseCount',
      model: `scripted/${script}`,
      workdir: repo,
      permissions: { profile: 'trusted' },
      loop: { intervalMs: 0 },
    });
    await expect.poll(async () => (await engine.api('runs.get', { id: run.id })).status, { timeout: RUN_TIMEOUT_MS }).toBe('ended');
    for (const theme of THEMES) {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(`${engine.url}#/runs/${run.id}/changes`);
      await expect(page.getByTestId('changes-totals')).toContainText('3 files changed');
      await page.getByTestId('changes-tab').scrollIntoViewIfNeeded();
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(folder, `changes-${theme}.png`), animations: 'disabled', fullPage: true });
    }
  } finally {
    await rm(repo, { recursive: true, force: true, maxRetries: 3 });
  }
});
