import { describe, expect, it } from 'vitest';
import { EVENT_PREVIEW_MAX_CHARS, clipText, describeEvent, firstLine, stringifyValue } from './event-words';

describe('describeEvent', () => {
  it('shows tool calls as an arrow, the tool and its input as JSON', () => {
    expect(describeEvent({ kind: 'tool_call', data: { tool: 'bash', input: { command: 'npm test' } } })).toBe('→ bash({"command":"npm test"})');
  });

  it('shows a tool result’s first line after a back arrow, with how many lines follow', () => {
    expect(describeEvent({ kind: 'tool_result', data: { output: 'all green' } })).toBe('← all green');
    expect(describeEvent({ kind: 'tool_result', data: { output: 'one\ntwo\nthree' } })).toBe('← one … (2 more lines)');
    expect(describeEvent({ kind: 'tool_result', data: { output: { files: 2 } } })).toBe('← {"files":2}');
  });

  it('names the failure kind of an error in words, never its identifier, and cuts long previews', () => {
    expect(describeEvent({ kind: 'error', data: { kind: 'provider_error', message: 'overloaded' } })).toBe('Model provider error: overloaded');
    expect(describeEvent({ kind: 'error', data: { kind: 'auth', message: '401: refused' } })).toBe('Key refused: 401: refused');
    expect(describeEvent({ kind: 'error', data: { kind: 'something_new', message: 'x' } })).toBe('Error: x');
    expect(describeEvent({ kind: 'error', data: { message: 'x' } })).toBe('Error: x');
    const line = describeEvent({ kind: 'tool_result', data: { output: 'x'.repeat(EVENT_PREVIEW_MAX_CHARS + 10) } });
    expect(line.endsWith('… (10 more characters)')).toBe(true);
  });
});

describe('event text helpers', () => {
  it('writes values as they are or as JSON, and cuts long ones saying how much is left out', () => {
    expect(stringifyValue('plain')).toBe('plain');
    expect(stringifyValue(undefined)).toBe('');
    expect(stringifyValue({ a: 1 })).toBe('{"a":1}');
    expect(clipText('abcdef', 4)).toBe('abcd… (2 more characters)');
    expect(firstLine('one\ntwo', 10)).toBe('one … (1 more line)');
  });

  it('shows a notice by its message', () => {
    expect(describeEvent({ kind: 'notice', data: { message: 'Spent 80 % of the budget' } })).toBe('Spent 80 % of the budget');
  });
});
