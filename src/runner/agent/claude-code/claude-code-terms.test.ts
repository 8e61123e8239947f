import { describe, expect, it } from 'vitest';
import { claudeCodeEnvironment, claudeCodeSandboxOf, gatedCallOf, usageSince } from './claude-code-terms';
import { classifyClaudeCodeFailure, sessionStateIn } from './claude-code-session';

describe('gatedCallOf', () => {
  it('names Claude Code’s tools as Autoloop’s rules do, with the subject in the shape the gate reads', () => {
    expect(gatedCallOf('Bash', { command: 'npm test', description: 'tests' })).toMatchObject({
      tool: { name: 'bash', effect: 'execute' },
      input: { command: 'npm test' },
    });
    expect(gatedCallOf('Write', { file_path: '/w/a.txt', content: 'x' })).toMatchObject({
      tool: { name: 'write_file', effect: 'write' },
      input: { path: '/w/a.txt' },
    });
    expect(gatedCallOf('Edit', { file_path: 'b.ts', old_string: 'a', new_string: 'b' })).toMatchObject({
      tool: { name: 'edit_file' },
      input: { path: 'b.ts' },
    });
    expect(gatedCallOf('WebFetch', { url: 'https://example.com', prompt: 'read' })).toMatchObject({ tool: { name: 'web_fetch', effect: 'network' } });
    expect(gatedCallOf('Read', { file_path: 'c.md' })).toMatchObject({ tool: { name: 'read_file', effect: 'read' } });
  });

  it('keeps any other tool under its own name and treats it as executing something', () => {
    const call = gatedCallOf('Task', { prompt: 'go' });
    expect(call.tool).toMatchObject({ name: 'claude:Task', effect: 'execute' });
    expect(call.tool.summarize(call.input)).toBe('claude:Task: {"prompt":"go"}');
  });
});

describe('claudeCodeEnvironment', () => {
  const runner = {
    PATH: '/usr/bin',
    HOME: '/home/p',
    AUTOLOOP_TOKEN: 'engine-secret',
    OPENAI_API_KEY: 'sk-openai',
    ANTHROPIC_API_KEY: 'sk-person',
    AWS_SECRET_ACCESS_KEY: 'aws',
    CLAUDE_CONFIG_DIR: '/tmp/c',
  };

  it('with the person’s login: HOME and PATH, no key of any provider, no engine token, nothing that phones home', () => {
    const env = claudeCodeEnvironment(runner, { kind: 'login' });
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      HOME: '/home/p',
      CLAUDE_CONFIG_DIR: '/tmp/c',
      DISABLE_TELEMETRY: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    });
    for (const name of ['AUTOLOOP_TOKEN', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'ANTHROPIC_BASE_URL'])
      expect(env).not.toHaveProperty(name);
  });

  it('with a provider’s key: that key alone, and its base URL without the version Autoloop’s providers carry', () => {
    const env = claudeCodeEnvironment(runner, { kind: 'api_key', apiKey: 'sk-chosen', baseUrl: 'http://127.0.0.1:9/v1/' });
    expect(env).toMatchObject({ ANTHROPIC_API_KEY: 'sk-chosen', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' });
    expect(env).not.toHaveProperty('AUTOLOOP_TOKEN');
    expect(env).not.toHaveProperty('OPENAI_API_KEY');
  });
});

describe('usageSince', () => {
  it('is this iteration’s part of Claude Code’s running totals, per model', () => {
    const before = { sonnet: { input: 10, output: 5, cacheRead: 0, cacheWrite: 0, costUsd: 0.1 } };
    const now = {
      sonnet: { input: 30, output: 9, cacheRead: 4, cacheWrite: 2, costUsd: 0.25 },
      haiku: { input: 3, output: 1, cacheRead: 0, cacheWrite: 0, costUsd: 0.01 },
    };
    const usage = usageSince(now, before);
    expect(usage).toHaveLength(2);
    expect(usage[0]).toMatchObject({ model: 'sonnet', input: 20, output: 4, cacheRead: 4, cacheWrite: 2 });
    expect(usage[0]?.costUsd).toBeCloseTo(0.15, 10);
    expect(usage[1]).toMatchObject({ model: 'haiku', input: 3, output: 1 });
    expect(usageSince(before, before)).toEqual([]);
  });
});

describe('Claude Code failures and sessions', () => {
  it('a refused key or a missing login is `auth` and says what to do; anything else counts toward the failure streak', () => {
    expect(classifyClaudeCodeFailure('Invalid API key · Please run /login', 401)).toMatchObject({
      kind: 'auth',
      message: expect.stringContaining('sign in by running `claude` in a terminal') as unknown,
    });
    expect(classifyClaudeCodeFailure('overloaded', 529)).toMatchObject({ kind: 'provider_error', status: 529 });
  });

  it('finds the session a checkpoint ended in, and ignores messages that carry none', () => {
    const messages = [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: 'a', providerOptions: { autoloopClaudeCode: { sessionId: 's1', totals: {} } } },
      { role: 'assistant', content: 'b', providerOptions: { autoloopClaudeCode: { sessionId: 's2', totals: {} } } },
      { role: 'user', content: 'more' },
    ];
    expect(sessionStateIn(messages)?.sessionId).toBe('s2');
    expect(sessionStateIn([{ role: 'assistant', content: 'x' }])).toBeNull();
  });
});

describe('claudeCodeSandboxOf', () => {
  const folders = { workdir: '/w', outputDir: '/o' };
  const spec = { kind: 'bwrap', dataDir: '/data', readOnlyWorkdir: false, network: ['registry.npmjs.org'], readOnlyPaths: ['/repo/.git'] };

  it('confines a run’s commands as its profile does: writes in the working and output folders, the data folder hidden, the allowed hosts', () => {
    expect(claudeCodeSandboxOf(spec, folders)).toMatchObject({
      enabled: true,
      failIfUnavailable: true,
      allowUnsandboxedCommands: false,
      filesystem: { allowWrite: ['/w', '/o'], denyRead: ['/data'], denyWrite: ['/repo/.git'] },
      network: { allowedDomains: ['registry.npmjs.org'] },
    });
    expect(claudeCodeSandboxOf({ ...spec, readOnlyWorkdir: true }, folders)?.filesystem.allowWrite).toEqual(['/o']);
  });

  it('leaves a trusted run unconfined', () => {
    expect(claudeCodeSandboxOf({ ...spec, kind: 'none' }, folders)).toBeNull();
    expect(claudeCodeSandboxOf(undefined, folders)).toBeNull();
  });
});
