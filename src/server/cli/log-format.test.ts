import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/records';
import { LOG_START, closeLog, describeLogEvent, formatLogEvent } from './log-format';
import { createPalette } from './terminal-output';

const plain = createPalette(false);
let seq = 0;
const event = (iteration: number, kind: RunEvent['kind'], data: Record<string, unknown>): RunEvent => {
  seq += 1;
  return { runId: 'r1', seq, iteration, kind, data, at: '2025-01-01T00:00:00.000Z' };
};

function render(events: ReadonlyArray<RunEvent>): string {
  let cursor = LOG_START;
  let text = '';
  for (const next of events) {
    const chunk = formatLogEvent(cursor, next, plain);
    text += chunk.text;
    cursor = chunk.cursor;
  }
  return text + closeLog(cursor);
}

describe('formatLogEvent', () => {
  it('joins text deltas into one line, gives tools their own lines and heads each iteration', () => {
    const text = render([
      event(1, 'text', { text: 'Running ' }),
      event(1, 'text', { text: 'the tests.' }),
      event(1, 'tool_call', { tool: 'bash', input: { command: 'npm test' } }),
      event(1, 'tool_result', { tool: 'bash', output: '2 failing\n  at parse', isError: false }),
      event(2, 'text', { text: 'Fixed.' }),
      event(0, 'notice', { message: 'Spent 80 % of the budget' }),
      event(2, 'error', { kind: 'provider_error', message: 'overloaded' }),
    ]);
    expect(text).toBe(
      [
        '── iteration 1 ──',
        'Running the tests.',
        '→ bash({"command":"npm test"})',
        '← 2 failing … (1 more line)',
        '── iteration 2 ──',
        'Fixed.',
        '! Spent 80 % of the budget',
        '✗ Model provider error: overloaded',
        '',
      ].join('\n'),
    );
  });

  it('cuts a long tool output in the terminal', () => {
    const text = render([event(1, 'tool_result', { output: 'x'.repeat(1_000) })]);
    expect(text).toContain('… (700 more characters)');
  });
});

describe('model and tool text in the terminal', () => {
  it('escapes control characters in text, tool calls, results and notices', () => {
    expect(describeLogEvent({ kind: 'text', data: { text: 'hi\u001b[2Jthere' } }, plain)).toBe('hi\\u{1b}[2Jthere');
    expect(describeLogEvent({ kind: 'tool_result', data: { output: 'x\u001b]0;title\u0007' } }, plain)).toBe('← x\\u{1b}]0;title\\u{7}');
    expect(describeLogEvent({ kind: 'notice', data: { message: 'a\rb' } }, plain)).toBe('! a\\u{d}b');
  });
});
