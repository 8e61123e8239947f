import { APICallError } from '@ai-sdk/provider';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { modelFor, partsOf, textsOfCalls } from './testing/scripted-calls';

describe('createScriptedModel through the AI SDK', () => {
  it('streams a scripted text as text deltas, word by word', async () => {
    const model = modelFor({ responses: [{ text: 'Looking at the failing tests now.' }] });
    const parts = await partsOf(streamText({ model, prompt: 'Begin the program.', maxRetries: 0 }).fullStream);
    const deltas = parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('Looking at the failing tests now.');
  });

  it('streams scripted reasoning as reasoning deltas', async () => {
    const model = modelFor({ responses: [{ reasoning: 'The parser test fails first.', text: 'Fixing it.' }] });
    const parts = await partsOf(streamText({ model, prompt: 'Go.', maxRetries: 0 }).fullStream);
    expect(parts.flatMap((part) => (part.type === 'reasoning-delta' ? [part.text] : [])).join('')).toBe('The parser test fails first.');
  });

  it('returns a scripted text from generateText', async () => {
    const result = await generateText({ model: modelFor({ responses: [{ text: 'Done.' }] }), prompt: 'Go.', maxRetries: 0 });
    expect(result.text).toBe('Done.');
    expect(result.finishReason).toBe('stop');
  });

  it('calls a real tool with the scripted input, then plays the next response', async () => {
    const received: Array<{ command: string }> = [];
    const bash = tool({
      description: 'Runs a command.',
      inputSchema: z.object({ command: z.string() }),
      execute: async (input) => {
        received.push(input);
        return 'exit 0';
      },
    });
    const model = modelFor({
      responses: [{ text: 'Running the tests.', toolCalls: [{ tool: 'bash', input: { command: 'npm test' } }] }, { text: 'All green.' }],
    });
    const result = await generateText({ model, prompt: 'Go.', tools: { bash }, stopWhen: stepCountIs(5), maxRetries: 0 });
    expect(received).toEqual([{ command: 'npm test' }]);
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]?.toolResults.map((toolResult) => toolResult.output)).toEqual(['exit 0']);
    expect(result.text).toBe('All green.');
    expect(model.calls()).toBe(2);
  });

  it('streams tool calls to a real tool as well', async () => {
    const received: Array<{ summary: string }> = [];
    const report = tool({
      inputSchema: z.object({ summary: z.string() }),
      execute: async (input) => {
        received.push(input);
        return 'Reported.';
      },
    });
    const model = modelFor({ responses: [{ toolCalls: [{ tool: 'report', input: { summary: 'Fixed test_parse.' } }] }, { text: 'Ok.' }] });
    const parts = await partsOf(streamText({ model, prompt: 'Go.', tools: { report }, stopWhen: stepCountIs(5), maxRetries: 0 }).fullStream);
    expect(received).toEqual([{ summary: 'Fixed test_parse.' }]);
    expect(parts.filter((part) => part.type === 'tool-call')).toMatchObject([{ toolName: 'report', input: { summary: 'Fixed test_parse.' } }]);
  });

  it('reports the scripted usage in each finish-step', async () => {
    const model = modelFor({
      responses: [{ text: 'Hello.', usage: { inputTokens: 1200, outputTokens: 40, cacheReadTokens: 200, cacheWriteTokens: 30 } }],
    });
    const parts = await partsOf(streamText({ model, prompt: 'Go.', maxRetries: 0 }).fullStream);
    const steps = parts.filter((part) => part.type === 'finish-step');
    expect(steps).toHaveLength(1);
    expect(steps[0]?.usage).toMatchObject({
      inputTokens: 1200,
      outputTokens: 40,
      inputTokenDetails: { cacheReadTokens: 200, cacheWriteTokens: 30, noCacheTokens: 1000 },
    });
  });

  it('estimates usage when the script gives none', async () => {
    const result = await generateText({ model: modelFor({ responses: [{ text: 'A few words of output.' }] }), prompt: 'Go.', maxRetries: 0 });
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBe(Math.ceil('A few words of output.'.length / 4));
  });

  it('starts at response firstCall + 1, where a resumed run left off', async () => {
    const model = modelFor({ responses: [{ text: 'one' }, { text: 'two' }, { text: 'three' }] }, 2);
    expect(await textsOfCalls(model, 1)).toEqual(['three']);
    expect(model.calls()).toBe(3);
  });
});

describe('whenExhausted', () => {
  const responses = [{ text: 'first' }, { text: 'second' }];

  it('repeats the last response by default', async () => {
    expect(await textsOfCalls(modelFor({ responses }), 4)).toEqual(['first', 'second', 'second', 'second']);
  });

  it('repeats the last response with repeat-last', async () => {
    expect(await textsOfCalls(modelFor({ responses, whenExhausted: 'repeat-last' }), 3)).toEqual(['first', 'second', 'second']);
  });

  it('starts over with loop', async () => {
    expect(await textsOfCalls(modelFor({ responses, whenExhausted: 'loop' }), 5)).toEqual(['first', 'second', 'first', 'second', 'first']);
  });

  it('answers with no text and no tool calls with empty', async () => {
    const model = modelFor({ responses: [{ text: 'first', toolCalls: [{ tool: 'report', input: { summary: 's' } }] }], whenExhausted: 'empty' });
    await generateText({ model, prompt: 'Go.', maxRetries: 0 });
    const result = await generateText({ model, prompt: 'Go.', maxRetries: 0 });
    expect(result.text).toBe('');
    expect(result.toolCalls).toEqual([]);
    expect(result.finishReason).toBe('stop');
  });

  it('fails the call with a provider error with error', async () => {
    const model = modelFor({ responses, whenExhausted: 'error' });
    await textsOfCalls(model, 2);
    const error: unknown = await generateText({ model, prompt: 'Go.', maxRetries: 0 }).catch((thrown: unknown) => thrown);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 500, message: expect.stringContaining('no response number 3') });
  });
});
