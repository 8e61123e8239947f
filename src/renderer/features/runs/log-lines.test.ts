import { describe, expect, it } from 'vitest';
import { builders } from '../../testing/builders';
import { appendLogEvents, describeEvent, emptyLogLines, LOG_VALUE_MAX_CHARS } from './log-lines';

describe('describeEvent', () => {
  it('shows tool calls as an arrow, the tool and its input as JSON', () => {
    expect(describeEvent({ kind: 'tool_call', data: { tool: 'bash', input: { command: 'npm test' } } })).toBe('→ bash({"command":"npm test"})');
  });

  it('shows tool results after a back arrow, text as is', () => {
    expect(describeEvent({ kind: 'tool_result', data: { tool: 'bash', output: 'all green' } })).toBe('← all green');
    expect(describeEvent({ kind: 'tool_result', data: { output: { files: 2 } } })).toBe('← {"files":2}');
    expect(describeEvent({ kind: 'text', data: { text: 'Looking at the tests.' } })).toBe('Looking at the tests.');
  });

  it('names the failure kind of an error', () => {
    expect(describeEvent({ kind: 'error', data: { kind: 'provider_error', message: 'overloaded' } })).toBe('Error (provider_error): overloaded');
  });

  it('cuts very long tool values', () => {
    const line = describeEvent({ kind: 'tool_result', data: { output: 'x'.repeat(LOG_VALUE_MAX_CHARS + 10) } });
    expect(line.endsWith('… (10 more characters)')).toBe(true);
  });
});

describe('appendLogEvents', () => {
  it('joins text deltas of one iteration into one line', () => {
    const log = appendLogEvents(emptyLogLines, [
      builders.event({ seq: 1, kind: 'text', data: { text: 'Hel' } }),
      builders.event({ seq: 2, kind: 'text', data: { text: 'lo' } }),
      builders.event({ seq: 3, kind: 'tool_call', data: { tool: 'report', input: {} } }),
      builders.event({ seq: 4, kind: 'text', data: { text: 'Next' } }),
      builders.event({ seq: 5, iteration: 2, kind: 'text', data: { text: 'Two' } }),
    ]);
    expect(log.lines.map((line) => [line.seq, line.text])).toEqual([
      [1, 'Hello'],
      [3, '→ report({})'],
      [4, 'Next'],
      [5, 'Two'],
    ]);
    expect(log.lastSeq).toBe(5);
  });

  it('drops events at or below the last sequence number, and sorts a batch by seq', () => {
    const once = appendLogEvents(emptyLogLines, [builders.event({ seq: 2 }), builders.event({ seq: 1 })]);
    const again = appendLogEvents(once, [builders.event({ seq: 1 }), builders.event({ seq: 2 }), builders.event({ seq: 3 })]);
    expect(again.lines.map((line) => line.seq)).toEqual([1, 2, 3]);
    expect(appendLogEvents(again, [builders.event({ seq: 3 })])).toBe(again);
  });

  it('marks failed tool results and errors', () => {
    const log = appendLogEvents(emptyLogLines, [
      builders.event({ seq: 1, kind: 'tool_result', data: { output: 'ENOENT', isError: true } }),
      builders.event({ seq: 2, kind: 'tool_result', data: { output: 'ok', isError: false } }),
    ]);
    expect(log.lines.map((line) => line.isError)).toEqual([true, false]);
  });
});
