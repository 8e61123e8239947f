import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelMessage } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { type InitMessage, type ModelSpec, PROTOCOL_VERSION, type RunnerMessage, type RunnerMessageOf } from '../../shared/protocol';
import { DEFAULT_LOOP_OPTIONS, DEFAULT_PERMISSIONS } from '../../shared/records';
import { ScriptedScript } from '../../shared/scripted-script';
import { createCircuitBreaker } from '../agent/circuit-breaker';
import { compactConversation } from '../agent/compact-conversation';
import { loadModel } from '../agent/load-model';
import { DEFAULT_RETRY_POLICY } from '../agent/retry-policy';
import { createScriptedModel } from '../agent/scripted-model';
import { type FakeLlmServer, openAiError, startFakeLlmServer } from '../agent/testing/fake-llm-server';
import { builtinTools } from '../tools/builtin-tools';
import { createAgentSession } from './agent-session';

const servers: FakeLlmServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A past iteration: its prompt, a bash call with a long result, and the closing answer. */
const pastTurn = (n: number, outputChars: number): ModelMessage[] => [
  { role: 'user', content: `Continue with iteration ${n}.` },
  { role: 'assistant', content: [{ type: 'tool-call', toolCallId: `c${n}`, toolName: 'bash', input: { command: `make step-${n}` } }] },
  { role: 'tool', content: [{ type: 'tool-result', toolCallId: `c${n}`, toolName: 'bash', output: { type: 'text', value: 'o'.repeat(outputChars) } }] },
  { role: 'assistant', content: `Step ${n} built.` },
];

function initFor(model: ModelSpec, history: ModelMessage[]): InitMessage {
  const workdir = mkdtempSync(join(tmpdir(), 'autoloop-session-'));
  return {
    type: 'init',
    protocol: PROTOCOL_VERSION,
    runId: 'session-test',
    name: 'Session test',
    template: { text: '# Build\n\nBuild one step per iteration.', revision: 'r1' },
    params: {},
    workdir,
    outputDir: workdir,
    model,
    secrets: {},
    limits: {},
    permissions: DEFAULT_PERMISSIONS,
    loop: DEFAULT_LOOP_OPTIONS,
    resume: { iteration: history.length / 4, messages: history as unknown as Record<string, unknown>[] },
  };
}

function sessionFor(init: InitMessage, model: Awaited<ReturnType<typeof loadModel>>) {
  const sent: RunnerMessage[] = [];
  const session = createAgentSession({
    init,
    model,
    tools: builtinTools(),
    gate: { check: async () => ({ allowed: true }), ruleNamesHost: () => false, isReadDenied: () => false },
    send: (message) => void sent.push(message),
    resilience: { provider: 'local', breaker: createCircuitBreaker(), policy: DEFAULT_RETRY_POLICY, sleep: async () => undefined },
  });
  const notices = (): string[] =>
    sent
      .filter((message): message is RunnerMessageOf<'event'> => message.type === 'event' && message.kind === 'notice')
      .map((message) => String(message.data.message));
  const usages = (): Array<RunnerMessageOf<'usage'>> => sent.filter((message): message is RunnerMessageOf<'usage'> => message.type === 'usage');
  return { session, notices, usages };
}

describe('the agent session', () => {
  it('compacts and tries once more when the provider says the conversation is too long', async () => {
    const server = await startFakeLlmServer([
      { kind: 'error', status: 400, body: openAiError('maximum context length exceeded', 'invalid_request_error', 'context_length_exceeded') },
      { kind: 'answer', text: 'Steps 1 to 3 were built with make.', usage: { input: 900, output: 15 } },
      { kind: 'answer', text: 'Step 4 built.' },
    ]);
    servers.push(server);
    const spec: ModelSpec = { provider: 'openai-compatible', id: 'small-model', options: { providerName: 'local', baseUrl: server.baseUrl } };
    const init = initFor(
      spec,
      [1, 2, 3].flatMap((n) => pastTurn(n, 10_000)),
    );
    const { session, notices, usages } = sessionFor(init, await loadModel(spec, {}));
    const { turn, replacedConversation } = await session.runIteration(4, new AbortController().signal);
    expect(server.calls()).toBe(3);
    expect(turn).toMatchObject({ status: 'ok', summary: 'Step 4 built.' });
    expect(notices()[0]).toContain('too long');
    expect(notices()[1]).toContain('12 earlier messages summarised');
    expect(server.requests[1]?.body.stream).not.toBe(true);
    expect(JSON.stringify(server.requests[1]?.body.messages)).toContain('make step-1');
    expect(usages().map((usage) => usage.inputTokens)).toContain(900);
    const roles = replacedConversation?.map((message) => message.role);
    expect(roles?.slice(0, 2)).toEqual(['user', 'assistant']);
    expect(replacedConversation?.[0]?.content).toEqual(expect.stringContaining('Steps 1 to 3 were built with make.'));
    expect(JSON.stringify(server.requests[2]?.body.messages)).not.toContain('o'.repeat(5_000));
  });

  it('compacts before the turn once the conversation passes 70 % of the window, and says so', async () => {
    const script = ScriptedScript.parse({ responses: [{ text: 'Summary: steps 1 to 5 built.' }, { text: 'Step 6 built.' }] });
    const spec: ModelSpec = { provider: 'scripted', id: 'compact.json', options: { contextWindow: 6_000 } };
    const init = initFor(
      spec,
      [1, 2, 3, 4, 5].flatMap((n) => pastTurn(n, 4_000)),
    );
    const model = createScriptedModel(script, 'compact.json');
    const { session, notices } = sessionFor(init, model);
    const { turn, replacedConversation } = await session.runIteration(6, new AbortController().signal);
    expect(turn.summary).toBe('Step 6 built.');
    expect(notices()[0]).toMatch(/earlier messages summarised/);
    expect(replacedConversation?.[0]?.content).toEqual(expect.stringContaining('Summary: steps 1 to 5 built.'));
    expect(replacedConversation?.at(-1)).toMatchObject({ role: 'assistant' });
    // No tool call lost its result in the kept part.
    const kept = JSON.stringify(replacedConversation);
    for (const id of kept.match(/"toolCallId":"c\d"/g) ?? []) expect(kept.split(id).length - 1).toBe(2);
  });

  it('decides compaction by the input tokens the provider reported, not by an estimate of the whole conversation', async () => {
    const server = await startFakeLlmServer([
      // The provider counts far more than the short conversation's estimate (e.g. a large system prompt and tools).
      { kind: 'answer', text: 'Step 2 built.', usage: { input: 7_500, output: 10 } },
      { kind: 'answer', text: 'Step 3 built.', usage: { input: 2_000, output: 10 } },
    ]);
    servers.push(server);
    const spec: ModelSpec = {
      provider: 'openai-compatible',
      id: 'small-model',
      options: { providerName: 'local', baseUrl: server.baseUrl, contextWindow: 10_000 },
    };
    const { session, notices } = sessionFor(initFor(spec, pastTurn(1, 100)), await loadModel(spec, {}));
    // First call: nothing reported yet, and the estimate fits.
    expect((await session.runIteration(2, new AbortController().signal)).replacedConversation).toBeNull();
    // 7,500 reported + the few messages since > 70 % of 10,000: compacted before the next call.
    const third = await session.runIteration(3, new AbortController().signal);
    expect(notices().some((notice) => notice.startsWith('The conversation was compacted'))).toBe(true);
    expect(third.replacedConversation).not.toBeNull();
    expect(third.turn.summary).toBe('Step 3 built.');
  });

  it('does not compact a conversation that fits', async () => {
    const script = ScriptedScript.parse({ responses: [{ text: 'Fine.' }] });
    const spec: ModelSpec = { provider: 'scripted', id: 'fits.json', options: { contextWindow: 200_000 } };
    const { session } = sessionFor(initFor(spec, pastTurn(1, 100)), createScriptedModel(script, 'fits.json'));
    expect((await session.runIteration(2, new AbortController().signal)).replacedConversation).toBeNull();
  });
});

describe('compactConversation', () => {
  it('only shortens old tool results when that is enough, without calling the model', async () => {
    const model = createScriptedModel(ScriptedScript.parse({ responses: [{ error: { status: 500, message: 'must not be called' } }] }), 'x.json');
    const messages = [1, 2, 3, 4, 5, 6].flatMap((n) => pastTurn(n, 9_000));
    const result = await compactConversation({ model, system: '', messages, contextWindow: 32_000, signal: new AbortController().signal });
    expect(model.calls()).toBe(0);
    expect(result.messages).toHaveLength(messages.length);
    expect(result.notice).toContain('old tool results shortened');
  });

  it('drops the older turns with a marker when the summary cannot be written', async () => {
    const model = createScriptedModel(ScriptedScript.parse({ responses: [{ error: { status: 500, message: 'down' } }] }), 'x.json');
    const messages = [1, 2, 3].flatMap((n) => pastTurn(n, 9_000));
    const result = await compactConversation({ model, system: '', messages, contextWindow: 4_000, signal: new AbortController().signal });
    expect(result.messages[0]?.content).toEqual(expect.stringContaining('removed the 12 earlier messages'));
    expect(result.notice).toContain('the summary failed');
  });
});
