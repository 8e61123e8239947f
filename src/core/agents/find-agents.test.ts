import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findClaudeCodeAgent, findCodexAgent, parseAuthStatus, parseCodexLoginStatus } from './find-agents';

describe('findClaudeCodeAgent', () => {
  it('finds the Claude Code the Agent SDK package carries, asks its version and says it is not signed in (a fresh config folder)', async () => {
    const config = mkdtempSync(join(tmpdir(), 'autoloop-agents-config-'));
    const info = await findClaudeCodeAgent({ env: { PATH: '/usr/bin:/bin', HOME: config, CLAUDE_CONFIG_DIR: config } });
    expect(info).toMatchObject({ agent: 'claude-code', source: 'package', loggedIn: false });
    expect(info.version).toMatch(/^2\.\d+\.\d+ \(Claude Code\)$/);
    expect(info.problem).toContain('not signed in');
  }, 30_000);
});

describe('where an agent’s binary comes from: settings, PATH or bundled', () => {
  const config = mkdtempSync(join(tmpdir(), 'autoloop-agents-from-'));
  const env = { PATH: '/usr/bin:/bin', HOME: config, CLAUDE_CONFIG_DIR: config };

  it('uses the binary chosen in settings before the one on PATH, through a symbolic link, and says so', async () => {
    const bundled = await findClaudeCodeAgent({ env });
    expect(bundled.source).toBe('package');
    // A `claude` of the person's own on PATH, which answers as an older Claude Code.
    const bin = mkdtempSync(join(tmpdir(), 'autoloop-agents-bin-'));
    writeFileSync(
      join(bin, 'claude'),
      '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "1.0.0 (Claude Code)"; else echo \'{"loggedIn":true,"authMethod":"claude.ai"}\'; fi\n',
    );
    chmodSync(join(bin, 'claude'), 0o755);
    const withMine = { ...env, PATH: `${bin}:/usr/bin:/bin` };
    expect(await findClaudeCodeAgent({ env: withMine })).toMatchObject({
      source: 'path',
      path: join(bin, 'claude'),
      version: '1.0.0 (Claude Code)',
      loggedIn: true,
    });
    // Settings choose the bundled one through a link: it wins over PATH.
    const link = join(bin, 'chosen-claude');
    symlinkSync(bundled.path ?? '', link);
    const chosen = await findClaudeCodeAgent({ env: withMine, chosenPath: link });
    expect(chosen).toMatchObject({ source: 'settings', path: link, version: bundled.version });
    // The chosen binary removed: said as such, with what to do; PATH is not silently used instead.
    rmSync(link);
    const gone = await findClaudeCodeAgent({ env: withMine, chosenPath: link });
    expect(gone).toMatchObject({ source: 'settings', path: link, version: null });
    expect(gone.problem).toBe(
      `The claude chosen in settings cannot be used: ${link} does not exist: give the path of an installed claude binary (\`which claude\` prints the one on your PATH). Or clear the choice (Settings → Agents, or \`autoloop agents set-path claude-code --clear\`) to use the one on PATH.`,
    );
  }, 60_000);

  it('says the same of a chosen codex that is gone', async () => {
    const info = await findCodexAgent({ env, chosenPath: '/nonexistent/codex' });
    expect(info).toMatchObject({ agent: 'codex', source: 'settings', path: '/nonexistent/codex', version: null });
    expect(info.problem).toContain('/nonexistent/codex does not exist');
  });
});

describe('parseAuthStatus', () => {
  it('reads the login from `claude auth status` and says nothing about output it does not know', () => {
    expect(parseAuthStatus('{"loggedIn":true,"authMethod":"claude.ai"}')).toEqual({ loggedIn: true, authMethod: 'claude.ai' });
    expect(parseAuthStatus('Not logged in')).toEqual({ loggedIn: null, authMethod: null });
  });
});

describe('findCodexAgent', () => {
  it('finds the Codex the npm package carries, asks its version and says it is not signed in (a fresh CODEX_HOME)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'autoloop-agents-codex-'));
    const info = await findCodexAgent({ env: { PATH: '/usr/bin:/bin', HOME: home, CODEX_HOME: home } });
    expect(info).toMatchObject({ agent: 'codex', source: 'package', loggedIn: false });
    expect(info.path).toMatch(/codex$/);
    expect(info.version).toMatch(/^codex-cli \d+\.\d+\.\d+/);
    expect(info.problem).toContain('not signed in');
  }, 30_000);
});

describe('parseCodexLoginStatus', () => {
  it('reads the login from `codex login status`', () => {
    expect(parseCodexLoginStatus('Logged in using ChatGPT')).toEqual({ loggedIn: true, authMethod: 'ChatGPT' });
    expect(parseCodexLoginStatus('Logged in using an API key - sk-proj-***ABCDE')).toEqual({ loggedIn: true, authMethod: 'API key' });
    expect(parseCodexLoginStatus('WARNING: x\nNot logged in')).toEqual({ loggedIn: false, authMethod: null });
    expect(parseCodexLoginStatus('something else')).toEqual({ loggedIn: null, authMethod: null });
  });
});
