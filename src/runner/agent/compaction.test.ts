import type { ModelMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import { headAndTail, summaryCut, transcriptOf, truncateToolResults } from './compaction';
import { DEFAULT_CONTEXT_WINDOW, contextWindowOf, estimateTokens, needsCompaction } from './context-window';

const user = (content: string): ModelMessage => ({ role: 'user', content });
const call = (id: string, input: unknown): ModelMessage => ({ role: 'assistant', content: [{ type: 'tool-call', toolCallId: id, toolName: 'bash', input }] });
const result = (id: string, value: string): ModelMessage => ({
  role: 'tool',
  content: [{ type: 'tool-result', toolCallId: id, toolName: 'bash', output: { type: 'text', value } }],
});
const answer = (text: string): ModelMessage => ({ role: 'assistant', content: text });

/** One iteration: the prompt, a tool call with its (long) result, and a closing answer. */
const turn = (n: number, outputChars = 10_000): ModelMessage[] => [
  user(`Iteration ${n}`),
  call(`c${n}`, { command: `step ${n}` }),
  result(`c${n}`, `${'x'.repeat(outputChars / 2)}${'y'.repeat(outputChars / 2)}`),
  answer(`Finished step ${n}.`),
];

const resultValue = (message: ModelMessage | undefined): string => {
  if (message?.role !== 'tool') throw new Error('not a tool message');
  const part = message.content[0];
  if (part?.type !== 'tool-result' || part.output.type !== 'text') throw new Error('not a text result');
  return part.output.value;
};

describe('contextWindowOf', () => {
  it('knows the Anthropic and OpenAI families and falls back to 128k', () => {
    expect(contextWindowOf('claude-sonnet-4-5-20250929')).toBe(200_000);
    expect(contextWindowOf('gpt-4.1-mini')).toBe(1_047_576);
    expect(contextWindowOf('gpt-4o-mini')).toBe(128_000);
    expect(contextWindowOf('gpt-5')).toBe(272_000);
    expect(contextWindowOf('o4-mini')).toBe(200_000);
    expect(contextWindowOf('llama3.1:8b')).toBe(DEFAULT_CONTEXT_WINDOW);
  });

  it('takes the run’s override over the table', () => {
    expect(contextWindowOf('claude-sonnet-4-5', 8_192)).toBe(8_192);
  });

  it('asks for compaction past 70 % of the window', () => {
    const messages = [user('a'.repeat(2_770))];
    expect(estimateTokens('', messages)).toBe(700);
    expect(needsCompaction('', messages, 1_000)).toBe(false);
    expect(needsCompaction('xxxx', messages, 1_000)).toBe(true);
  });
});

describe('truncateToolResults', () => {
  it('shortens old long results to head and tail and keeps the newest whole', () => {
    const messages = [1, 2, 3, 4, 5, 6].flatMap((n) => turn(n));
    const truncated = truncateToolResults(messages, 4);
    expect(resultValue(truncated[2])).toMatch(/^x{800}\n\[… 8400 characters cut by Autoloop to fit the context window …\]\ny{800}$/);
    expect(resultValue(truncated[6])).toContain('characters cut');
    expect(resultValue(truncated[10])).toHaveLength(10_000);
    expect(resultValue(truncated[22])).toHaveLength(10_000);
  });

  it('leaves every message in place with its tool call id', () => {
    const messages = [1, 2, 3, 4, 5, 6].flatMap((n) => turn(n));
    const truncated = truncateToolResults(messages, 0);
    expect(truncated.map((message) => message.role)).toEqual(messages.map((message) => message.role));
    expect(JSON.stringify(truncated).match(/"toolCallId":"c\d"/g)).toEqual(JSON.stringify(messages).match(/"toolCallId":"c\d"/g));
  });

  it('turns a long JSON result into shortened text and leaves short results alone', () => {
    const json: ModelMessage = {
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'j', toolName: 'grep', output: { type: 'json', value: { lines: 'z'.repeat(5_000) } } }],
    };
    const [shortened] = truncateToolResults([json], 0);
    expect(JSON.stringify(shortened)).toContain('characters cut');
    const short = result('s', 'ok');
    expect(truncateToolResults([short], 0)).toEqual([short]);
  });

  it('cuts text only when it is longer than the limit', () => {
    expect(headAndTail('short', 10, 2, 2)).toBe('short');
    expect(headAndTail('abcdefghijkl', 10, 2, 2)).toBe('ab\n[… 8 characters cut by Autoloop to fit the context window …]\nkl');
  });
});

describe('summaryCut', () => {
  it('cuts at the start of a turn, keeping the newest turns that fit', () => {
    const messages = [1, 2, 3, 4].flatMap((n) => turn(n, 1_000));
    const oneTurn = estimateTokens('', turn(4, 1_000));
    const cut = summaryCut(messages, oneTurn * 2 + 10);
    expect(cut).toBe(8);
    expect(messages[cut]).toEqual(user('Iteration 3'));
  });

  it('never puts a tool call and its result on different sides', () => {
    const messages = [1, 2, 3].flatMap((n) => turn(n, 1_000));
    for (let keep = 0; keep < 2_000; keep += 50) {
      const cut = summaryCut(messages, keep);
      expect(cut === messages.length || messages[cut]?.role === 'user').toBe(true);
    }
  });

  it('summarises everything when not even the last turn fits', () => {
    const messages = turn(1, 4_000);
    expect(summaryCut(messages, 10)).toBe(messages.length);
  });
});

describe('transcriptOf', () => {
  it('writes the roles, tool calls and results as plain lines', () => {
    const text = transcriptOf(turn(1, 10), 10_000);
    expect(text.split('\n')).toEqual([
      'USER: Iteration 1',
      'ASSISTANT called bash {"command":"step 1"}',
      'RESULT of bash: xxxxxyyyyy',
      'ASSISTANT: Finished step 1.',
    ]);
  });

  it('keeps a long transcript within its limit', () => {
    const text = transcriptOf(
      [1, 2, 3, 4, 5].flatMap((n) => turn(n, 20_000)),
      3_000,
    );
    expect(text.length).toBeLessThan(3_100);
    expect(text).toContain('USER: Iteration 1');
    expect(text).toContain('Finished step 5.');
  });
});
