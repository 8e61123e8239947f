import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { RunnerMessage, type RunnerMessageOf } from '../../shared/protocol';
import { ScriptedScript } from '../../shared/scripted-script';
import { builtinTools } from '../tools/builtin-tools';
import { type TurnInput, type TurnResult, runTurn } from './run-turn';
import { createScriptedModel } from './scripted-model';

type Script = z.input<typeof ScriptedScript>;

/** Runs one turn against a scripted model and the real built-in tools; returns the result, what it emitted, and the model. */
async function turnWith(script: Script, overrides: Partial<TurnInput> = {}) {
  const model = createScriptedModel(ScriptedScript.parse(script), 'turn.json');
  const emitted: RunnerMessage[] = [];
  const result: TurnResult = await runTurn({
    model,
    modelName: 'scripted/turn.json',
    system: 'You are a test agent.',
    history: [],
    prompt: 'Begin the program.',
    tools: builtinTools(),
    iteration: 3,
    workdir: '/tmp/work',
    outputDir: '/tmp/out',
    maxSteps: 40,
    repeatedToolCallLimit: 3,
    gate: { check: async () => ({ allowed: true }), ruleNamesHost: () => false, isReadDenied: () => false },
    signal: new AbortController().signal,
    emit: (message) => void emitted.push(message),
    ...overrides,
  });
  const events = emitted.filter((message): message is RunnerMessageOf<'event'> => message.type === 'event');
  const usages = emitted.filter((message): message is RunnerMessageOf<'usage'> => message.type === 'usage');
  return { result, emitted, events, usages, model };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('runTurn', () => {
  it('takes the summary from a report call', async () => {
    const { result } = await turnWith({
      responses: [{ toolCalls: [{ tool: 'report', input: { summary: 'Fixed test_parse.' } }] }, { text: 'That was the iteration.' }],
    });
    expect(result).toMatchObject({ status: 'ok', summary: 'Fixed test_parse.', completion: null });
  });

  it('takes the summary from the last paragraph of the final answer when nothing was reported', async () => {
    const { result } = await turnWith({ responses: [{ text: 'Looked around.\n\nThe parser test now passes.' }] });
    expect(result).toMatchObject({ status: 'ok', summary: 'The parser test now passes.' });
  });

  it('summarises a turn with no text and no report as "(no output)"', async () => {
    const { result } = await turnWith({ responses: [{}] });
    expect(result).toMatchObject({ status: 'ok', summary: '(no output)' });
  });

  it('ends the turn on complete without asking the model again', async () => {
    const { result, model } = await turnWith({
      responses: [{ text: 'All done.', toolCalls: [{ tool: 'complete', input: { reason: 'all green' } }] }, { text: 'This response must never be played.' }],
    });
    expect(result).toMatchObject({ status: 'ok', completion: 'all green' });
    expect(model.calls()).toBe(1);
  });

  it('records a complete without a reason as a completion', async () => {
    const { result } = await turnWith({ responses: [{ toolCalls: [{ tool: 'complete', input: {} }] }] });
    expect(result.completion).toBe('complete');
  });

  it('ends the turn with a notice when the same tool call is made three times in a row', async () => {
    const { result, events, model } = await turnWith({
      responses: [{ toolCalls: [{ tool: 'report', input: { summary: 'Still looking.' } }] }],
      whenExhausted: 'repeat-last',
    });
    expect(model.calls()).toBe(3);
    expect(result.status).toBe('ok');
    const notices = events.filter((event) => event.kind === 'notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.data.message).toContain('3 times in a row');
    expect(notices[0]?.iteration).toBe(3);
  });

  it('keeps going when consecutive tool calls differ', async () => {
    const { model, events } = await turnWith({
      responses: [
        { toolCalls: [{ tool: 'report', input: { summary: 'one' } }] },
        { toolCalls: [{ tool: 'report', input: { summary: 'two' } }] },
        { toolCalls: [{ tool: 'report', input: { summary: 'three' } }] },
        { text: 'Done.' },
      ],
    });
    expect(model.calls()).toBe(4);
    expect(events.filter((event) => event.kind === 'notice')).toEqual([]);
  });

  it('stops after maxSteps model calls', async () => {
    const { model } = await turnWith(
      {
        responses: [{ toolCalls: [{ tool: 'report', input: { summary: 'again' } }] }, { toolCalls: [{ tool: 'report', input: { summary: 'and again' } }] }],
        whenExhausted: 'loop',
      },
      { maxSteps: 5 },
    );
    expect(model.calls()).toBe(5);
  });

  it('turns a provider error into a typed failure with its status', async () => {
    const { result } = await turnWith({ responses: [{ error: { status: 529, message: 'overloaded' } }] });
    expect(result.status).toBe('error');
    expect(result.completion).toBeNull();
    expect(result.failure).toMatchObject({ kind: 'provider_error', status: 529, provider: 'scripted', message: '529: scripted is overloaded: overloaded' });
    expect(result.failure?.signature).toContain('529');
    expect(result.summary).toContain('overloaded');
  });

  it('types a 401 as a refused key, with its own failure signature', async () => {
    const { result } = await turnWith({ responses: [{ error: { status: 401, message: 'invalid x-api-key' } }] });
    expect(result.failure).toMatchObject({ kind: 'auth', status: 401 });
    expect(result.failure?.signature).toBe('auth:scripted:401');
  });

  it('emits an error event for a provider error', async () => {
    const { events } = await turnWith({ responses: [{ error: { status: 529, message: 'overloaded' } }] });
    expect(events.filter((event) => event.kind === 'error')).toEqual([
      { type: 'event', iteration: 3, kind: 'error', data: { kind: 'provider_error', message: '529: scripted is overloaded: overloaded', status: 529 } },
    ]);
  });

  it('keeps the prompt in the conversation of a failed turn', async () => {
    const { result } = await turnWith({ responses: [{ error: { status: 529, message: 'overloaded' } }] });
    expect(result.messages).toEqual([{ role: 'user', content: 'Begin the program.' }]);
  });

  it('never reads a failure out of the model text', async () => {
    const { result } = await turnWith({ responses: [{ text: 'Error: 529 overloaded. APICallError: rate limit exceeded.' }] });
    expect(result.status).toBe('ok');
    expect(result.failure).toBeUndefined();
  });

  it('emits one usage message per model response', async () => {
    const { usages } = await turnWith({
      responses: [
        { toolCalls: [{ tool: 'report', input: { summary: 'Did it.' } }], usage: { inputTokens: 1200, outputTokens: 40, cacheReadTokens: 100 } },
        { text: 'Done.', usage: { inputTokens: 1300, outputTokens: 5, cacheWriteTokens: 7 } },
      ],
    });
    expect(usages).toEqual([
      {
        type: 'usage',
        iteration: 3,
        inputTokens: 1200,
        outputTokens: 40,
        cacheReadTokens: 100,
        cacheWriteTokens: 0,
        costUsd: null,
        model: 'scripted/turn.json',
      },
      { type: 'usage', iteration: 3, inputTokens: 1300, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 7, costUsd: null, model: 'scripted/turn.json' },
    ]);
  });

  it('emits text deltas, tool calls and tool results as events of its iteration', async () => {
    const { events } = await turnWith({
      responses: [{ text: 'Reporting now.', toolCalls: [{ tool: 'report', input: { summary: 'Did it.' } }] }, { text: 'Bye.' }],
    });
    const texts = events.filter((event) => event.kind === 'text').map((event) => event.data.text);
    expect(texts.join('')).toBe('Reporting now.Bye.');
    expect(events.find((event) => event.kind === 'tool_call')?.data).toMatchObject({ tool: 'report', input: { summary: 'Did it.' } });
    expect(events.find((event) => event.kind === 'tool_result')?.data).toMatchObject({ tool: 'report', output: 'Reported.', isError: false });
    expect(events.every((event) => event.iteration === 3)).toBe(true);
  });

  it('marks a call the gate refused as not done in the log, while the model reads the denial as its result', async () => {
    const { events, result } = await turnWith(
      {
        responses: [
          {
            toolCalls: [
              { tool: 'bash', input: { command: 'rm -rf build' } },
              { tool: 'report', input: { summary: 'Tried.' } },
            ],
          },
          { text: 'Ok.' },
        ],
      },
      {
        gate: {
          check: async (agentTool) =>
            agentTool.name === 'bash'
              ? { allowed: false, message: 'not executed: nobody answered in time', endTurn: false, stopRun: false }
              : { allowed: true },
          ruleNamesHost: () => false,
          isReadDenied: () => false,
        },
      },
    );
    const results = events.filter((event) => event.kind === 'tool_result').map((event) => event.data);
    expect(results).toEqual([
      expect.objectContaining({ tool: 'bash', output: 'not executed: nobody answered in time', isError: true }),
      expect.objectContaining({ tool: 'report', output: 'Reported.', isError: false }),
    ]);
    expect(result.status).toBe('denied');
  });

  it('reports a tool call with invalid input as an error result and lets the model go on', async () => {
    const { events, result } = await turnWith({
      responses: [{ toolCalls: [{ tool: 'report', input: { summary: '' } }] }, { text: 'Sorry.' }],
    });
    expect(events.find((event) => event.kind === 'tool_result')?.data).toMatchObject({ tool: 'report', isError: true });
    expect(result).toMatchObject({ status: 'ok', summary: 'Sorry.' });
  });

  it('emits every event and usage message as a valid protocol message', async () => {
    const { emitted } = await turnWith({
      responses: [{ reasoning: 'Hmm.', text: 'Go.', toolCalls: [{ tool: 'report', input: { summary: 'Did it.' } }] }, { text: 'Done.' }],
    });
    expect(emitted.length).toBeGreaterThan(0);
    expect(emitted.filter((message) => !RunnerMessage.safeParse(message).success)).toEqual([]);
  });

  it('returns the prompt and every response as the messages it added', async () => {
    const { result } = await turnWith({
      responses: [{ toolCalls: [{ tool: 'report', input: { summary: 'Did it.' } }] }, { text: 'Done.' }],
    });
    expect(result.messages[0]).toEqual({ role: 'user', content: 'Begin the program.' });
    expect(result.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  it('ends with an error status when its signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { result } = await turnWith({ responses: [{ text: 'Never.' }] }, { signal: controller.signal });
    expect(result.status).toBe('error');
    expect(result.failure?.kind).toBe('timeout');
  });

  it('ends promptly with a timeout failure when its signal aborts during a model call', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const turn = turnWith({ responses: [{ delayMs: 600_000, text: 'Too late.' }] }, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    const { result, events } = await turn;
    expect(result).toMatchObject({ status: 'error', failure: { kind: 'timeout', signature: 'aborted' } });
    expect(events.filter((event) => event.kind === 'text')).toEqual([]);
    // A stop is no error: the log says the iteration was stopped, not "Timed out".
    expect(events.filter((event) => event.kind === 'error')).toEqual([]);
    expect(events.filter((event) => event.kind === 'notice').map((event) => event.data.message)).toEqual([
      'The iteration was stopped before its turn ended; it is not kept, and a resume runs it again.',
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
