import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures/engine';

/** The small stdio MCP server the tests use: a read-only tool, a writing tool and one that hangs. */
const FIXTURE = fileURLToPath(new URL('../fixtures/mcp-fixture-server.mjs', import.meta.url));
/** Spawning the runner, starting the server in its sandbox and the first model response, on a busy 2-core machine. */
const ASKS_TIMEOUT_MS = 30_000;

test('a person adds an MCP server in Settings, tests it, sees its tools in the new-run form, starts a run that uses it and answers its approval', async ({
  page,
  engine,
}) => {
  const workdir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-mcp-'));
  try {
    await page.goto(`${engine.url}#/settings`);
    await page.getByRole('button', { name: 'Add an MCP server' }).click();
    // Other sections of Settings have a Name field too: the add form's own fields.
    const addForm = page.getByRole('form', { name: 'Add an MCP server' });
    await addForm.getByLabel('Name', { exact: true }).fill('fix');
    await addForm.getByLabel('Command', { exact: true }).fill(`${process.execPath} ${FIXTURE}`);
    await page.getByRole('button', { name: 'Add the server' }).click();
    await expect(page.getByTestId('mcp-server-fix')).toContainText('stdio');
    await page.getByRole('button', { name: 'Test fix' }).click();
    const tested = page.getByTestId('mcp-test-fix');
    await expect(tested).toContainText('The server answered with 3 tools.', { timeout: ASKS_TIMEOUT_MS });
    // The tools are kept with the server and listed under it.
    const tools = page.getByTestId('mcp-tools-fix');
    await expect(tools).toContainText('mcp__fix__read_note (read-only)');
    await expect(tools).toContainText('mcp__fix__write_note');

    const script = await engine.writeScript('mcp-write', {
      responses: [
        { text: 'Writing a note.', toolCalls: [{ tool: 'mcp__fix__write_note', input: { text: 'from the journey' } }] },
        { text: 'Done.', toolCalls: [{ tool: 'complete', input: { reason: 'done' } }] },
      ],
    });
    await page.goto(`${engine.url}#/new`);
    await page.getByLabel('Template', { exact: true }).selectOption('demo-counter');
    await page.getByLabel('Model', { exact: true }).fill(`scripted/${script}`);
    await page.getByLabel('Permissions').selectOption('ask');
    await page.getByLabel('Working folder').fill(workdir);
    await page.getByLabel('MCP servers').fill('fix');
    // The form lists the server's tools as tested, and what the ask profile does with each.
    const offered = page.getByTestId('mcp-tools-preview').getByRole('list', { name: 'Tools of fix for this run' });
    await expect(offered).toContainText('mcp__fix__read_note (read-only) runs without asking');
    await expect(offered).toContainText('mcp__fix__write_note asks for approval');
    await page.getByRole('button', { name: 'Start run' }).click();

    await expect(page).toHaveURL(/#\/runs\/[^/?#]+$/);
    await expect(page.getByTestId('run-status')).toHaveText('Waiting for approval', { timeout: ASKS_TIMEOUT_MS });
    const runId = decodeURIComponent(page.url().split('#/runs/')[1] ?? '');
    const [approval] = await engine.api('approvals.list', { runId, status: 'pending' });
    if (!approval) throw new Error('The run is waiting_approval but approvals.list has no pending request');
    const card = page.getByTestId(`approval-${approval.id}`);
    await expect(card).toContainText('mcp__fix__write_note');
    await expect(card).toContainText('from the journey');
    await card.getByRole('button', { name: 'Allow once' }).click();

    await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: ASKS_TIMEOUT_MS });
    expect(await readFile(join(workdir, 'note.txt'), 'utf8')).toBe('from the journey');
  } finally {
    await rm(workdir, { recursive: true, force: true, maxRetries: 3 });
  }
});
