import { describe, expect, it } from 'vitest';
import type { EventKind } from '../../../../shared/records';
import { builders } from '../../../testing/builders';
import { appendLogEvents, createLogBuffer } from './log-buffer';
import { ALL_LOG_KINDS, findMatches, searchPattern, splitMatches, visibleRowIndices } from './log-view';

function sampleRows() {
  const buffer = createLogBuffer();
  appendLogEvents(buffer, [
    builders.event({ seq: 1, kind: 'text', data: { text: 'Looking at the tests' } }),
    builders.event({ seq: 2, kind: 'tool_call', data: { toolCallId: 'c', tool: 'bash', input: { command: 'npm test' } } }),
    builders.event({ seq: 3, kind: 'tool_result', data: { toolCallId: 'c', output: '2 failing' } }),
    builders.event({ seq: 4, iteration: 2, kind: 'notice', data: { message: 'retrying' } }),
    builders.event({ seq: 5, iteration: 3, kind: 'error', data: { message: 'Tests failed' } }),
  ]);
  return buffer.rows;
}

describe('visibleRowIndices', () => {
  it('reads the rows directly when every kind is shown', () => {
    expect(visibleRowIndices(sampleRows(), ALL_LOG_KINDS)).toBeNull();
  });

  it('keeps only the chosen kinds, with the headings of iterations that still show something', () => {
    const rows = sampleRows();
    const view = visibleRowIndices(rows, new Set<EventKind>(['tool_call', 'error']));
    expect(view?.map((index) => rows[index]?.text)).toEqual(['Iteration 1', '→ bash({"command":"npm test"})', 'Iteration 3', 'Error: Tests failed']);
  });
});

describe('findMatches', () => {
  it('finds rows by text, ignoring case, as positions in the shown list', () => {
    const rows = sampleRows();
    expect(findMatches(rows, null, searchPattern('TEST'))).toEqual([1, 2, 7]);
    const view = visibleRowIndices(rows, new Set<EventKind>(['error']));
    expect(findMatches(rows, view, searchPattern('test'))).toEqual([1]);
    expect(findMatches(rows, null, searchPattern('  '))).toEqual([]);
  });

  it('treats the search as plain text, not a pattern', () => {
    expect(searchPattern('a.b(')?.test('xa.b(y')).toBe(true);
    expect(searchPattern('a.b(')?.test('axb(')).toBe(false);
  });
});

describe('splitMatches', () => {
  it('cuts a text into matching and other pieces', () => {
    expect(splitMatches('npm test; Test again', searchPattern('test'))).toEqual([
      { text: 'npm ', isMatch: false },
      { text: 'test', isMatch: true },
      { text: '; ', isMatch: false },
      { text: 'Test', isMatch: true },
      { text: ' again', isMatch: false },
    ]);
    expect(splitMatches('plain', null)).toEqual([{ text: 'plain', isMatch: false }]);
  });
});
