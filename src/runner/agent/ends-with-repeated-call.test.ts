import { generateText, stepCountIs, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ScriptedScript } from '../../shared/scripted-script';
import { endsWithRepeatedCall } from './run-turn';
import { createScriptedModel } from './scripted-model';

type Script = z.input<typeof ScriptedScript>;

describe('endsWithRepeatedCall', () => {
  /** The steps of a real generateText run against a scripted model with one no-op tool. */
  async function stepsOf(script: Script, steps: number) {
    const noop = tool({ inputSchema: z.object({ n: z.number() }), execute: async () => 'ok' });
    const model = createScriptedModel(ScriptedScript.parse(script), 'steps.json');
    return (await generateText({ model, prompt: 'Go.', tools: { noop }, stopWhen: stepCountIs(steps), maxRetries: 0 })).steps;
  }
  const call = (n: number) => ({ tool: 'noop', input: { n } });

  it('is true when the last calls are one and the same call', async () => {
    const steps = await stepsOf({ responses: [{ toolCalls: [call(1)] }] }, 3);
    expect(endsWithRepeatedCall(steps, 3)).toBe(true);
  });

  it('is false when there are fewer calls than the limit', async () => {
    const steps = await stepsOf({ responses: [{ toolCalls: [call(1)] }] }, 2);
    expect(endsWithRepeatedCall(steps, 3)).toBe(false);
  });

  it('is false when the inputs differ', async () => {
    const steps = await stepsOf({ responses: [{ toolCalls: [call(1)] }, { toolCalls: [call(2)] }, { toolCalls: [call(1)] }] }, 3);
    expect(endsWithRepeatedCall(steps, 3)).toBe(false);
  });

  it('looks only at the last calls', async () => {
    const steps = await stepsOf({ responses: [{ toolCalls: [call(2)] }, { toolCalls: [call(1)] }] }, 4);
    expect(endsWithRepeatedCall(steps, 3)).toBe(true);
    expect(endsWithRepeatedCall(steps, 4)).toBe(false);
  });

  it('counts calls across and within steps', async () => {
    const steps = await stepsOf({ responses: [{ toolCalls: [call(1), call(1)] }, { toolCalls: [call(1)] }, { text: 'Done.' }] }, 5);
    expect(endsWithRepeatedCall(steps, 3)).toBe(true);
  });

  it('is false for a turn without tool calls', async () => {
    expect(endsWithRepeatedCall(await stepsOf({ responses: [{ text: 'Hi.' }] }, 3), 3)).toBe(false);
  });
});
