import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** Where each external agent keeps its sessions or threads, and where a test file's private copy is made. */
const HOMES = {
  'claude-code': { variable: 'CLAUDE_CONFIG_DIR', prefix: join(tmpdir(), 'autoloop-claude-config-') },
  // Not under /tmp: Codex refuses to set up its sandbox helper (codex-linux-sandbox) in a temporary folder.
  codex: { variable: 'CODEX_HOME', prefix: '/var/tmp/autoloop-codex-home-' },
} as const;

/**
 * Gives the test file's agent a home of its own (Claude Code's config folder, Codex's home), never the person's: made
 * and set in the environment before the file's tests, removed and unset after them. Returns the folder (once set).
 * Call it at the top of the file, before the hooks that end engines, so it is undone after them.
 */
export function useAgentHome(agent: keyof typeof HOMES): () => string {
  const { variable, prefix } = HOMES[agent];
  let home = '';
  beforeAll(() => {
    home = mkdtempSync(prefix);
    process.env[variable] = home;
  });
  afterAll(() => {
    if (home) rmSync(home, { recursive: true, force: true });
    delete process.env[variable];
  });
  return () => home;
}
