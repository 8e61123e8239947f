import type { ModelMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import { ScriptedScript } from '../../shared/scripted-script';
import { builtinTools } from '../tools/builtin-tools';
import { type ContextMeter, type ReportedContext, createContextMeter, estimateTokens } from './context-window';
import { runTurn } from './run-turn';
import { createScriptedModel } from './scripted-model';

const say = (text: string): ModelMessage => ({ role: 'user', content: text });
const history: ModelMessage[] = [say('Begin.'), { role: 'assistant', content: 'Started.' }];

describe('createContextMeter', () => {
  it('estimates the whole prompt before the provider reported anything (the first call)', () => {
    const meter = createContextMeter(true);
    expect(meter.tokens('system', history)).toBe(estimateTokens('system', history));
  });

  it('takes the reported input tokens and adds an estimate of only the messages added since', () => {
    const meter = createContextMeter(true);
    meter.reported({ inputTokens: 150_000, messageCount: 2 });
    const added = [say('x'.repeat(400))];
    // Far more than the short messages' estimate: the provider's count decides (above 70 % of a 200k window).
    expect(meter.tokens('system', history, added)).toBe(150_000 + estimateTokens('', added));
    expect(meter.tokens('system', history, added)).toBeGreaterThan(0.7 * 200_000);
    expect(estimateTokens('system', [...history, ...added])).toBeLessThan(1_000);
  });

  it('keeps the later of two reports when one arrives late', () => {
    const meter = createContextMeter(true);
    meter.reported({ inputTokens: 9_000, messageCount: 4 });
    meter.reported({ inputTokens: 5_000, messageCount: 2 });
    expect(meter.tokens('', [...history, say('a'), say('b')])).toBe(9_000 + estimateTokens('', []));
  });

  it('estimates again after a compaction (reset) and for the scripted model, whose reports are the script’s', () => {
    const meter = createContextMeter(true);
    meter.reported({ inputTokens: 150_000, messageCount: 2 });
    meter.reset();
    expect(meter.tokens('system', history)).toBe(estimateTokens('system', history));
    const scripted = createContextMeter(false);
    scripted.reported({ inputTokens: 150_000, messageCount: 2 });
    expect(scripted.tokens('system', history)).toBe(estimateTokens('system', history));
  });
});

describe('runTurn and the meter', () => {
  it('tells the meter what each step reported and how many conversation messages that step sent, and asks it before each step', async () => {
    const reports: ReportedContext[] = [];
    const asked: number[] = [];
    const inner = createContextMeter(true);
    const meter: ContextMeter = {
      tokens: (system, head, tail) => {
        asked.push(head.length + (tail?.length ?? 0));
        return inner.tokens(system, head, tail);
      },
      reported: (report) => {
        reports.push(report);
        inner.reported(report);
      },
      reset: () => inner.reset(),
    };
    const script = ScriptedScript.parse({
      responses: [
        { toolCalls: [{ tool: 'report', input: { summary: 'Did it.' } }], usage: { inputTokens: 1_200, outputTokens: 40 } },
        { text: 'Done.', usage: { inputTokens: 1_300, outputTokens: 5 } },
      ],
    });
    await runTurn({
      model: createScriptedModel(script, 'turn.json'),
      modelName: 'scripted/turn.json',
      contextWindow: 200_000,
      meter,
      system: 'You are a test agent.',
      history,
      prompt: 'Continue.',
      tools: builtinTools(),
      iteration: 2,
      workdir: '/tmp/work',
      outputDir: '/tmp/out',
      maxSteps: 10,
      repeatedToolCallLimit: 3,
      gate: { check: async () => ({ allowed: true }), ruleNamesHost: () => false, isReadDenied: () => false },
      signal: new AbortController().signal,
      emit: () => undefined,
    });
    // Step 1 sent the history and the prompt (3 messages); step 2 also the tool call and its result (5).
    expect(asked).toEqual([3, 5]);
    expect(reports).toContainEqual({ inputTokens: 1_200, messageCount: 3 });
    expect(reports).toContainEqual({ inputTokens: 1_300, messageCount: 5 });
  });
});
