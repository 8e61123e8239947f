import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { access, constants, mkdtemp, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '../fixtures/engine';

// The engine asks the real Claude Code binary (the one @anthropic-ai/claude-agent-sdk carries) for its version and
// login, in a config folder of the test's, never the person's.
process.env.CLAUDE_CONFIG_DIR ??= mkdtempSync(join(tmpdir(), 'autoloop-e2e-claude-config-'));

/** Looking for both agents runs four binaries (their version and login); a busy 2-core machine is slow at it. */
const FOUND_TIMEOUT_MS = 30_000;

/** The claude binary the optional Agent SDK package carries for this platform (what the engine calls bundled). */
function bundledClaude(): string {
  const manifest = createRequire(import.meta.url).resolve(`@anthropic-ai/claude-agent-sdk-${process.platform}-${process.arch}/package.json`);
  return join(dirname(manifest), 'claude');
}

/** A `claude` on the PATH the engine inherits, which wins over the bundled one; null when there is none. */
async function claudeOnPath(): Promise<string | null> {
  for (const folder of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(folder, 'claude');
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

test('a person tests the agents in Settings, is refused a missing binary at the field, chooses a link to the bundled claude, then clears it', async ({
  page,
  engine,
}) => {
  const bundled = bundledClaude();
  const version = (await promisify(execFile)(bundled, ['--version'], { env: { ...process.env, DISABLE_AUTOUPDATER: '1' } })).stdout.trim();
  expect(version).toMatch(/\d+\.\d+\.\d+/);
  // Where the engine finds Claude Code with no choice made: a claude on the person's PATH wins over the bundled one.
  const onPath = await claudeOnPath();
  const unchosen = onPath === null ? `${version} · ${bundled} (bundled)` : `· ${onPath} (on PATH)`;
  const links = await mkdtemp(join(tmpdir(), 'autoloop-e2e-agent-link-'));
  try {
    const link = join(links, 'claude');
    await symlink(bundled, link);
    const missing = join(links, 'no-such-folder', 'claude');

    await page.goto(engine.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const agents = page.getByRole('region', { name: 'Agents' });
    // Nothing is asked on page load: the list comes with Test.
    await expect(agents.getByTestId('agent-claude-code')).toHaveCount(0);
    await agents.getByRole('button', { name: 'Test', exact: true }).click();
    const claude = agents.getByTestId('agent-claude-code');
    await expect(claude).toContainText(`Claude Code ${unchosen}`, { timeout: FOUND_TIMEOUT_MS });
    await expect(agents.getByTestId('agent-codex')).toBeVisible();

    // A path that does not exist: the engine refuses it, and says so at the field; nothing is kept.
    const field = agents.getByTestId('agent-path-claude-code');
    const input = field.getByLabel('Claude Code path');
    await input.fill(missing);
    await field.getByRole('button', { name: 'Use this path' }).click();
    const refusal = `${missing} does not exist: give the path of an installed claude binary`;
    await expect(field.getByText(refusal)).toBeVisible();
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(input).toHaveAccessibleDescription(new RegExp(`^${refusal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect((await engine.api('settings.get', {})).agentPaths?.['claude-code']).toBeUndefined();
    await expect(claude).toContainText(unchosen);

    // A link to the bundled binary: kept as typed (the link, not where it leads), and found as chosen in settings.
    await input.fill(link);
    await expect(input).not.toHaveAttribute('aria-invalid');
    await field.getByRole('button', { name: 'Use this path' }).click();
    await expect(claude).toContainText(`Claude Code ${version} · ${link} (chosen in settings)`, { timeout: FOUND_TIMEOUT_MS });
    await expect(field.getByText(refusal)).toHaveCount(0);
    await expect(input).toHaveValue(link);
    expect((await engine.api('settings.get', {})).agentPaths?.['claude-code']).toBe(link);
    // The page shows what the engine keeps: after a reload the field holds the link.
    await page.reload();
    await expect(page.getByRole('region', { name: 'Agents' }).getByLabel('Claude Code path')).toHaveValue(link);

    // Clear: back to the binary found without a choice.
    await agents.getByRole('button', { name: 'Test', exact: true }).click();
    await expect(claude).toContainText(`(chosen in settings)`, { timeout: FOUND_TIMEOUT_MS });
    await field.getByRole('button', { name: 'Clear' }).click();
    await expect(claude).toContainText(`Claude Code ${unchosen}`, { timeout: FOUND_TIMEOUT_MS });
    await expect(input).toHaveValue('');
    await expect(field.getByRole('button', { name: 'Clear' })).toBeDisabled();
    expect((await engine.api('settings.get', {})).agentPaths?.['claude-code']).toBeUndefined();
  } finally {
    await rm(links, { recursive: true, force: true });
  }
});
