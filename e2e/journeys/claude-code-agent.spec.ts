import { mkdtempSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgentAnthropicServer } from '../../src/testing/fake-agent-anthropic-server';
import { startAgentRunFromForm } from '../fixtures/agent-run-form';
import { expect, test } from '../fixtures/engine';

// The real Claude Code binary (carried by @anthropic-ai/claude-agent-sdk), driven by a real engine and runner; only
// the Messages API is a local fake. Claude Code keeps its sessions in a config folder of the test's, never the person's.
process.env.CLAUDE_CONFIG_DIR ??= mkdtempSync(join(tmpdir(), 'autoloop-e2e-claude-config-'));

/** Spawning the runner, Claude Code's start and its first model call, on a busy 2-core machine. */
const ASKS_TIMEOUT_MS = 30_000;
/** The write, two more model calls and the runner's exit. */
const COMPLETES_TIMEOUT_MS = 30_000;

test('a person picks Claude Code as the agent, approves its file edit, and reads its log', async ({ page, engine }) => {
  const workdir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-claude-work-'));
  const server = await startAgentAnthropicServer([
    { text: 'I will write the notes.', toolCalls: [{ name: 'Write', input: { file_path: join(workdir, 'notes.txt'), content: 'from Claude Code\n' } }] },
    { toolCalls: [{ name: 'mcp__autoloop__complete', input: { reason: 'the notes are written' } }] },
    { text: 'The notes are written.' },
  ]);
  try {
    await engine.api('providers.set', { name: 'claude', config: { type: 'anthropic', baseUrl: server.baseUrl, apiKey: 'sk-ant-e2e-key' } });
    await startAgentRunFromForm(page, engine.url, {
      agent: 'claude-code',
      provider: 'claude (anthropic)',
      model: 'claude/claude-sonnet-4-5',
      workdir,
      permissions: 'ask',
    });
    await expect(page.getByTestId('run-agent')).toHaveText('Claude Code');
    await expect(page.getByTestId('run-sandbox')).toContainText("Claude Code's own sandbox");
    await expect(page.getByTestId('run-status')).toHaveText('Waiting for approval', { timeout: ASKS_TIMEOUT_MS });
    const [approval] = await engine.api('approvals.list', { status: 'pending' });
    if (!approval) throw new Error('The run is waiting_approval but approvals.list has no pending request');
    const card = page.getByTestId(`approval-${approval.id}`);
    await expect(card).toContainText('write_file');
    await card.getByRole('button', { name: 'Allow once' }).click();

    await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: COMPLETES_TIMEOUT_MS });
    await expect(page.getByTestId('run-reason')).toContainText('Completed');
    expect(await readFile(join(workdir, 'notes.txt'), 'utf8')).toBe('from Claude Code\n');
    const log = page.getByTestId('run-log');
    await expect(log).toContainText('I will write the notes.');
    await expect(log).toContainText('Write');
    await expect(log).toContainText('The notes are written.');
    expect(server.sideRequests(), 'Claude Code asked the fake API nothing but its turns').toEqual([]);
  } finally {
    await server.close();
    await rm(workdir, { recursive: true, force: true, maxRetries: 3 });
  }
});
