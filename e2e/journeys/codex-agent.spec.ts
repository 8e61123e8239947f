import { mkdtempSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeResponsesServer } from '../../src/testing/fake-responses-server';
import { startAgentRunFromForm } from '../fixtures/agent-run-form';
import { expect, test } from '../fixtures/engine';

// The real Codex binary (carried by @openai/codex), driven by a real engine and runner; only the Responses API is a
// local fake. Codex keeps its threads in a home of the test's (not under /tmp: Codex sets up its sandbox helper there).
process.env.CODEX_HOME ??= mkdtempSync('/var/tmp/autoloop-e2e-codex-home-');

/** Spawning the runner, Codex's start, its MCP server and the three turns, on a busy 2-core machine. */
const COMPLETES_TIMEOUT_MS = 60_000;

test('a person picks Codex as the agent, sees its sandbox, and reads its log', async ({ page, engine }) => {
  const workdir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-codex-work-'));
  const server = await startFakeResponsesServer([
    { text: 'I will write the notes.', calls: [{ name: 'exec_command', arguments: { cmd: 'echo from Codex > notes.txt' } }] },
    { calls: [{ name: 'mcp__autoloop__complete', arguments: { reason: 'the notes are written' } }] },
    { text: 'The notes are written.' },
  ]);
  try {
    await engine.api('providers.set', { name: 'oai', config: { type: 'openai', baseUrl: server.baseUrl, apiKey: 'sk-openai-e2e-key' } });
    await startAgentRunFromForm(page, engine.url, { agent: 'codex', provider: 'oai (openai)', model: 'oai/gpt-5', workdir, permissions: 'workspace-write' });
    await expect(page.getByTestId('run-agent')).toHaveText('Codex');
    await expect(page.getByTestId('run-sandbox')).toContainText("Codex's own sandbox (workspace-write)");
    await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: COMPLETES_TIMEOUT_MS });
    await expect(page.getByTestId('run-reason')).toContainText('Completed');
    expect(await readFile(join(workdir, 'notes.txt'), 'utf8')).toBe('from Codex\n');
    const log = page.getByTestId('run-log');
    await expect(log).toContainText('I will write the notes.');
    await expect(log).toContainText('echo from Codex > notes.txt');
    await expect(log).toContainText('The notes are written.');
    expect(server.sideRequests(), 'Codex asked the fake API nothing but its turns').toEqual([]);
  } finally {
    await server.close();
    await rm(workdir, { recursive: true, force: true, maxRetries: 3 });
  }
});

test('a person approves the command Codex asks to run (ask profile) from the run page', async ({ page, engine }) => {
  const workdir = await mkdtemp(join(tmpdir(), 'autoloop-e2e-codex-ask-'));
  const server = await startFakeResponsesServer([
    { text: 'I will write the notes.', calls: [{ name: 'exec_command', arguments: { cmd: 'echo approved > notes.txt' } }] },
    { calls: [{ name: 'mcp__autoloop__complete', arguments: { reason: 'the notes are written' } }] },
    { text: 'The notes are written.' },
  ]);
  try {
    await engine.api('providers.set', { name: 'oai', config: { type: 'openai', baseUrl: server.baseUrl, apiKey: 'sk-openai-e2e-key' } });
    await startAgentRunFromForm(page, engine.url, { agent: 'codex', provider: 'oai (openai)', model: 'oai/gpt-5', workdir, permissions: 'ask' });
    await expect(page.getByTestId('run-sandbox')).toContainText('before every command it does not know to be read-only');
    await expect(page.getByTestId('run-status')).toHaveText('Waiting for approval', { timeout: COMPLETES_TIMEOUT_MS });
    const [approval] = await engine.api('approvals.list', { status: 'pending' });
    if (!approval) throw new Error('The run is waiting_approval but approvals.list has no pending request');
    const card = page.getByTestId(`approval-${approval.id}`);
    // Codex's `/bin/bash -lc '…'` is shown as the command itself, as Autoloop's bash.
    await expect(card).toContainText('bash: echo approved > notes.txt');
    await card.getByRole('button', { name: 'Allow once' }).click();

    await expect(page.getByTestId('run-status')).toHaveText('Ended', { timeout: COMPLETES_TIMEOUT_MS });
    await expect(page.getByTestId('run-reason')).toContainText('Completed');
    expect(await readFile(join(workdir, 'notes.txt'), 'utf8')).toBe('approved\n');
    await expect(page.getByTestId('run-log')).toContainText('echo approved > notes.txt');
  } finally {
    await server.close();
    await rm(workdir, { recursive: true, force: true, maxRetries: 3 });
  }
});
