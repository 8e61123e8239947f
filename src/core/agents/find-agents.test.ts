import { mkdtempSync } from 'node:fs';
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
