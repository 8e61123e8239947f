import { describe, expect, it } from 'vitest';
import { codexSandboxModeOf, describeRunSandbox } from '../../../shared/agents';
import { DEFAULT_PERMISSIONS } from '../../../shared/records';
import { initMessage } from '../../loop/testing/loop-harness';
import {
  CODEX_KEY_ENV,
  codexApprovalPolicyOf,
  codexArgs,
  codexAuthOf,
  codexEnvironment,
  codexThreadParams,
  codexUsageModel,
  GATE_KEEPING,
  ourMcpServerProblem,
  threadMcpServers,
  unwrapShellCommand,
} from './codex-terms';
import { classifyCodexFailure, codexSignInProblem, codexThreadIn, usageSince } from './codex-session';

describe('codexEnvironment', () => {
  const runner = {
    PATH: '/usr/bin',
    HOME: '/home/p',
    AUTOLOOP_TOKEN: 'engine-secret',
    OPENAI_API_KEY: 'sk-openai',
    CODEX_API_KEY: 'sk-codex',
    ANTHROPIC_API_KEY: 'sk-person',
    AWS_SECRET_ACCESS_KEY: 'aws',
    CODEX_HOME: '/home/p/.codex-work',
  };

  it('with the person’s login: HOME, PATH and CODEX_HOME, no key of any provider, no engine token', () => {
    const env = codexEnvironment(runner, { kind: 'login' });
    expect(env).toMatchObject({ PATH: '/usr/bin', HOME: '/home/p', CODEX_HOME: '/home/p/.codex-work' });
    for (const name of ['AUTOLOOP_TOKEN', 'OPENAI_API_KEY', 'CODEX_API_KEY', 'ANTHROPIC_API_KEY', 'AWS_SECRET_ACCESS_KEY', CODEX_KEY_ENV]) {
      expect(env).not.toHaveProperty(name);
    }
  });

  it('with an OpenAI provider: that key alone, in a variable of its own', () => {
    const env = codexEnvironment(runner, { kind: 'api_key', apiKey: 'sk-run', baseUrl: 'http://127.0.0.1:1/v1' });
    expect(env[CODEX_KEY_ENV]).toBe('sk-run');
    expect(env).not.toHaveProperty('OPENAI_API_KEY');
    expect(env).not.toHaveProperty('AUTOLOOP_TOKEN');
  });
});

describe('codexArgs', () => {
  const openai = initMessage({
    workdir: '/w',
    outputDir: '/o',
    model: { provider: 'openai', id: 'gpt-5', options: { providerName: 'oai', baseUrl: 'http://127.0.0.1:9/v1/' } },
    secrets: { oai: 'sk-run' },
    permissions: { ...DEFAULT_PERMISSIONS, profile: 'workspace-write' },
  });

  it('points `codex app-server` at the run’s OpenAI provider and the sandbox; the thread takes the model, folder, approvals and instructions', () => {
    const auth = codexAuthOf(openai);
    expect(auth).toEqual({ kind: 'api_key', apiKey: 'sk-run', baseUrl: 'http://127.0.0.1:9/v1/' });
    const args = codexArgs({ init: openai, auth, sandboxMode: 'workspace-write' });
    const joined = args.join(' ');
    expect(args[0]).toBe('app-server');
    expect(joined).toContain(`model_providers.autoloop={name="Autoloop", base_url="http://127.0.0.1:9/v1", env_key="${CODEX_KEY_ENV}", wire_api="responses"}`);
    expect(joined).toContain('model_provider="autoloop"');
    expect(joined).toContain('check_for_update_on_startup=false');
    expect(joined).toContain('sandbox_workspace_write.exclude_slash_tmp=true');
    expect(joined).toContain('sandbox_workspace_write.writable_roots=["/o"]');
    expect(joined).not.toContain('sk-run');
    expect(codexUsageModel(openai)).toBe('openai/gpt-5');
    expect(codexThreadParams({ init: openai, sandboxMode: 'workspace-write', developerInstructions: 'Be "good"' })).toEqual({
      cwd: '/w',
      model: 'gpt-5',
      approvalPolicy: 'on-request',
      approvalsReviewer: 'user',
      sandbox: 'workspace-write',
      developerInstructions: 'Be "good"',
    });
  });

  it('never asks in a trusted run; before every command in an ask run; when leaving its sandbox otherwise', () => {
    const policyOf = (profile: 'trusted' | 'ask' | 'workspace-write' | 'read-only') =>
      codexApprovalPolicyOf({ ...openai, permissions: { ...openai.permissions, profile } });
    expect(policyOf('trusted')).toBe('never');
    expect(policyOf('ask')).toBe('untrusted');
    expect(policyOf('workspace-write')).toBe('on-request');
    expect(policyOf('read-only')).toBe('on-request');
  });

  it('uses the person’s own login and Codex’s default model for a run whose model is not an OpenAI provider’s', () => {
    const other = initMessage({ model: { provider: 'anthropic', id: 'claude-sonnet-4-5', options: { providerName: 'a' } }, secrets: { a: 'sk-ant' } });
    const auth = codexAuthOf(other);
    expect(auth).toEqual({ kind: 'login' });
    const joined = codexArgs({ init: other, auth, sandboxMode: 'read-only' }).join(' ');
    expect(joined).not.toContain('model_provider');
    expect(codexThreadParams({ init: other, sandboxMode: 'read-only', developerInstructions: '' })).not.toHaveProperty('model');
    expect(codexUsageModel(other)).toBe('codex/default');
  });

  it('shows a command as the shell would run it: `bash -lc` unwrapped, quotes restored', () => {
    expect(unwrapShellCommand("/bin/bash -lc 'echo hi > x.txt'")).toBe('echo hi > x.txt');
    expect(unwrapShellCommand(`bash -c 'echo '\\''a b'\\'''`)).toBe("echo 'a b'");
    expect(unwrapShellCommand('ls -la')).toBe('ls -la');
    expect(unwrapShellCommand("/bin/bash -lc 'a' ; rm -rf x '")).toBe("/bin/bash -lc 'a' ; rm -rf x '");
  });
});

describe("what Codex's own config.toml may not do in a run", () => {
  const run = initMessage({ workdir: '/w', outputDir: '/w', permissions: { ...DEFAULT_PERMISSIONS, profile: 'workspace-write' } });

  it('overrides, on every start: approvals to Autoloop, no notify program, hooks, apps, skill-installed MCP servers, browser or computer use', () => {
    const args = codexArgs({ init: run, auth: { kind: 'login' }, sandboxMode: 'workspace-write' });
    for (const value of GATE_KEEPING) expect(args).toContain(value);
    expect(GATE_KEEPING).toEqual(expect.arrayContaining(['approvals_reviewer="user"', 'notify=[]', 'features.hooks=false', 'features.apps=false']));
    // A config's own writable roots (even `/`) never widen the sandbox: the run sets them, empty when it needs none.
    expect(args).toContain('sandbox_workspace_write.writable_roots=[]');
  });

  it("gives a thread the run's MCP servers and turns every other one the config declares off", () => {
    const ours = { autoloop: { command: '/node', args: ['-e', 'relay'] }, github: { command: '/node', args: ['-e', 'relay2'] } };
    expect(threadMcpServers({ persons: { command: '/bin/sh' }, 'dotted.name': { url: 'http://x' } }, ours)).toEqual({
      persons: { enabled: false },
      'dotted.name': { enabled: false },
      ...ours,
    });
    expect(threadMcpServers({}, {})).toEqual({});
  });

  it("refuses a config that declares a server under one of the run's names (it would merge into Autoloop's entry)", () => {
    expect(ourMcpServerProblem({ persons: {} }, { autoloop: {} })).toBeNull();
    expect(ourMcpServerProblem({ autoloop: { url: 'http://x' } }, { autoloop: {} })).toContain('declares an MCP server called "autoloop"');
  });
});

describe('Codex sandbox words', () => {
  it('maps each profile to a Codex sandbox mode, and the run page says which applies', () => {
    expect(codexSandboxModeOf('read-only')).toBe('read-only');
    expect(codexSandboxModeOf('ask')).toBe('workspace-write');
    expect(codexSandboxModeOf('workspace-write')).toBe('workspace-write');
    expect(codexSandboxModeOf('trusted')).toBe('danger-full-access');
    expect(describeRunSandbox('codex', 'bwrap', 'read-only')).toBe(
      "Codex's own sandbox (read-only), set from the run's profile; it asks, through Autoloop's approvals, only when a command must leave that sandbox; inside Autoloop's bubblewrap, which hides the data folder and keeps writes in the run's folders",
    );
    expect(describeRunSandbox('codex', 'seatbelt', 'ask')).toBe(
      "Codex's own sandbox (workspace-write), set from the run's profile; it asks, through Autoloop's approvals, before every command it does not know to be read-only; a command you approve runs outside that sandbox",
    );
    expect(describeRunSandbox('codex', 'none', 'trusted')).toContain('Not sandboxed');
    expect(describeRunSandbox('codex', 'none', 'trusted', 'bwrap')).toContain('Not confined');
  });
});

describe('Codex session state', () => {
  it('finds the thread and its usage so far in a checkpoint, and takes only the new turn’s usage', () => {
    const totals = { input: 300, cached: 50, cacheWrite: 0, output: 40 };
    expect(codexThreadIn([{ role: 'user' }, { role: 'assistant', providerOptions: { autoloopCodex: { threadId: 't1', totals } } }])).toEqual({
      threadId: 't1',
      totals,
    });
    expect(codexThreadIn([{ role: 'assistant', providerOptions: { autoloopClaudeCode: { sessionId: 's' } } }])).toBeNull();
    expect(usageSince({ input: 500, cached: 50, cacheWrite: 0, output: 70 }, totals)).toEqual({ input: 200, cached: 0, cacheWrite: 0, output: 30 });
  });

  it('types a refused key as auth (the run ends auth_failed) and anything else as a provider error', () => {
    expect(classifyCodexFailure('unexpected status 401 Unauthorized')).toMatchObject({ kind: 'auth', signature: 'codex:auth' });
    expect(classifyCodexFailure('stream disconnected before completion')).toMatchObject({ kind: 'provider_error', provider: 'codex' });
  });

  it('reads codex-cli 0.171’s account/read: no account while its provider needs an OpenAI login is a sign-in problem, nothing else is', () => {
    // The answers the real binary gave: an empty CODEX_HOME; the same with a provider of its own (`model_provider`, `env_key`).
    const home = '/var/tmp/home';
    expect(codexSignInProblem({ account: null, userId: null, requiresOpenaiAuth: true, workspaceRouting: null }, home)).toContain(
      `Codex is not signed in (no login in ${home})`,
    );
    expect(codexSignInProblem({ account: null, userId: null, requiresOpenaiAuth: false, workspaceRouting: null }, home)).toBeNull();
    expect(codexSignInProblem({ account: { type: 'apiKey' }, requiresOpenaiAuth: true }, home)).toBeNull();
    expect(codexSignInProblem({ account: { type: 'chatgpt', email: null, planType: 'plus' }, requiresOpenaiAuth: true }, home)).toBeNull();
    expect(codexSignInProblem(null, home)).toBeNull();
  });
});
