import { describe, expect, it } from 'vitest';
import { createPositionFinder, fillPlaceholders, findPlaceholders, splitTemplateSource } from './template-source';

describe('splitTemplateSource', () => {
  it('cuts the YAML between the --- lines from the program, with the offsets of both', () => {
    const text = '---\nname: demo\n---\n# Program\n';
    expect(splitTemplateSource(text)).toEqual({ yaml: { text: 'name: demo\n', offset: 4 }, body: { text: '# Program\n', offset: 19 }, unclosed: false });
  });

  it('treats a file without front-matter as all program', () => {
    expect(splitTemplateSource('# Just text\n---\n')).toEqual({ yaml: null, body: { text: '# Just text\n---\n', offset: 0 }, unclosed: false });
  });

  it('accepts an empty front-matter, CRLF line ends, trailing spaces on the fences and a byte-order mark', () => {
    expect(splitTemplateSource('---\n---\nbody')).toMatchObject({ yaml: { text: '', offset: 4 }, body: { text: 'body', offset: 8 } });
    expect(splitTemplateSource('---\r\nname: x\r\n---  \r\nbody')).toMatchObject({ yaml: { text: 'name: x\r\n' }, body: { text: 'body' } });
    expect(splitTemplateSource('\uFEFF---\nname: x\n---\nbody')).toMatchObject({ yaml: { text: 'name: x\n' }, body: { text: 'body' } });
  });

  it('says when the front-matter is never closed', () => {
    expect(splitTemplateSource('---\nname: x\nbody')).toMatchObject({ yaml: null, unclosed: true });
  });
});

describe('createPositionFinder', () => {
  it('turns offsets into 1-based lines and columns', () => {
    const at = createPositionFinder('ab\ncd\n\nef');
    expect([0, 1, 3, 4, 6, 7, 8].map((offset) => at(offset))).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 2 },
      { line: 2, column: 1 },
      { line: 2, column: 2 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
      { line: 4, column: 2 },
    ]);
  });
});

describe('placeholders', () => {
  it('finds every {{name}} with its offset, spaces inside the braces allowed', () => {
    expect(findPlaceholders('Count to {{ target }}, then {{target}} and {{step_2}}.')).toEqual([
      { name: 'target', offset: 9 },
      { name: 'target', offset: 28 },
      { name: 'step_2', offset: 43 },
    ]);
  });

  it('fills strings as they are and other values as JSON, literally', () => {
    expect(fillPlaceholders('Count to {{ target }} in {{dir}}; strict={{strict}}', { target: 5, dir: '$& docs', strict: false })).toBe(
      'Count to 5 in $& docs; strict=false',
    );
  });

  it('refuses a placeholder without a value, naming it', () => {
    expect(() => fillPlaceholders('{{missing}}', {})).toThrow('The placeholder {{missing}} has no parameter of that name');
    expect(() => fillPlaceholders('{{toString}}', {})).toThrow('{{toString}}');
  });
});
