import { describe, expect, it } from 'vitest';
import { builders } from '../../../testing/builders';
import { appendLogEvents, createLogBuffer, type LogBuffer } from './log-buffer';

const rowsOf = (buffer: LogBuffer): Array<[string, string]> => buffer.rows.map((row) => [row.kind, row.text]);

describe('appendLogEvents', () => {
  it('continues the open line with text deltas, splits at newlines and heads each iteration', () => {
    const buffer = createLogBuffer();
    appendLogEvents(buffer, [
      builders.event({ seq: 1, kind: 'text', data: { text: 'Hel' } }),
      builders.event({ seq: 2, kind: 'text', data: { text: 'lo\nwor' } }),
      builders.event({ seq: 3, kind: 'text', data: { text: 'ld\n' } }),
      builders.event({ seq: 4, kind: 'tool_call', data: { toolCallId: 'c1', tool: 'report', input: {} } }),
      builders.event({ seq: 5, kind: 'text', data: { text: 'Next' } }),
      builders.event({ seq: 6, iteration: 2, kind: 'text', data: { text: 'Two' } }),
    ]);
    expect(rowsOf(buffer)).toEqual([
      ['iteration', 'Iteration 1'],
      ['text', 'Hello'],
      ['text', 'world'],
      ['tool_call', '→ report({})'],
      ['text', 'Next'],
      ['iteration', 'Iteration 2'],
      ['text', 'Two'],
    ]);
    expect(buffer.lastSeq).toBe(6);
  });

  it('shows who said what and where it landed, and marks a failed verification', () => {
    const buffer = createLogBuffer();
    appendLogEvents(buffer, [
      builders.event({ seq: 1, kind: 'guidance', data: { text: 'Use tabs.', by: 'user', guidanceId: 1 } }),
      builders.event({
        seq: 2,
        kind: 'verify',
        data: { name: 'npm test', command: 'npm test', ok: false, exitCode: 1, durationMs: 1200, output: 'x\n2 failed', reason: 'exit code 1' },
      }),
      builders.event({ seq: 3, iteration: 2, kind: 'guidance_delivered', data: { text: 'Use tabs.', by: 'user', guidanceId: 1 } }),
      builders.event({
        seq: 4,
        iteration: 2,
        kind: 'verify',
        data: { name: 'npm test', command: 'npm test', ok: true, exitCode: 0, durationMs: 800, output: '' },
      }),
    ]);
    expect(rowsOf(buffer)).toEqual([
      ['iteration', 'Iteration 1'],
      ['guidance', 'You said: Use tabs.'],
      ['verify', '✗ verify npm test: exit code 1 in 1.2 s — 2 failed'],
      ['iteration', 'Iteration 2'],
      ['guidance_delivered', "Guidance from you given to the agent in this iteration's prompt: Use tabs."],
      ['verify', '✓ verify npm test: exit 0 in 0.8 s'],
    ]);
    expect(buffer.rows.map((row) => row.isError)).toEqual([false, false, true, false, false, false]);
  });

  it('skips events at or below the last sequence number and sorts a batch', () => {
    const buffer = createLogBuffer();
    appendLogEvents(buffer, [builders.event({ seq: 2 }), builders.event({ seq: 1 })]);
    expect(appendLogEvents(buffer, [builders.event({ seq: 1 }), builders.event({ seq: 2 })])).toBe(false);
    expect(appendLogEvents(buffer, [builders.event({ seq: 2 }), builders.event({ seq: 3 })])).toBe(true);
    expect(buffer.rows.filter((row) => row.kind === 'notice').map((row) => row.seq)).toEqual([1, 2, 3]);
  });

  it('pairs a tool call with its result for the details and marks failed results', () => {
    const buffer = createLogBuffer();
    appendLogEvents(buffer, [
      builders.event({ seq: 1, kind: 'tool_call', data: { toolCallId: 'c1', tool: 'bash', input: { command: 'ls' } } }),
      builders.event({ seq: 2, kind: 'tool_result', data: { toolCallId: 'c1', tool: 'bash', output: 'ENOENT', isError: true } }),
    ]);
    expect(buffer.calls.get('c1')).toEqual({ tool: 'bash', input: '{"command":"ls"}', output: 'ENOENT', isError: true });
    expect(buffer.rows.map((row) => [row.callId, row.isError])).toEqual([
      [null, false],
      ['c1', false],
      ['c1', true],
    ]);
  });

  it('keeps the engine’s run-level notices under the iteration they happened in', () => {
    const buffer = createLogBuffer();
    appendLogEvents(buffer, [
      builders.event({ seq: 1, iteration: 0, kind: 'notice', data: { message: 'starting' } }),
      builders.event({ seq: 2, iteration: 1, kind: 'notice', data: { message: 'one' } }),
      builders.event({ seq: 3, iteration: 0, kind: 'notice', data: { message: 'Run tokens: 80 % used' } }),
      builders.event({ seq: 4, iteration: 1, kind: 'notice', data: { message: 'still one' } }),
    ]);
    expect(rowsOf(buffer).map(([, text]) => text)).toEqual(['Run', 'starting', 'Iteration 1', 'one', 'Run tokens: 80 % used', 'still one']);
  });

  it('keeps the crash details the engine recorded', () => {
    const buffer = createLogBuffer();
    appendLogEvents(buffer, [
      builders.event({ seq: 1, iteration: 0, kind: 'error', data: { message: 'the runner exited', exitCode: 1, signal: null, stderrTail: 'boom' } }),
    ]);
    expect(buffer.crash).toEqual({ message: 'the runner exited', exitCode: 1, signal: null, stderrTail: 'boom' });
    expect(buffer.rows[0]?.text).toBe('Run');
  });

  it('holds 100,000 lines from one long text without trouble', () => {
    const buffer = createLogBuffer();
    const text = Array.from({ length: 100_000 }, (_, index) => `line ${index + 1}`).join('\n');
    appendLogEvents(buffer, [builders.event({ seq: 1, kind: 'text', data: { text } })]);
    expect(buffer.rows).toHaveLength(100_001);
    expect(buffer.rows.at(-1)?.text).toBe('line 100000');
  });
});
