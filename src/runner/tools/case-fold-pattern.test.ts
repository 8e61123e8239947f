import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseFoldedSource } from './case-fold-pattern';

/** Whether the folded pattern matches exactly where the original does with the `i` flag. */
function sameMatches(pattern: string, inputs: ReadonlyArray<string>): boolean {
  const folded = caseFoldedSource(pattern);
  let withFlag: RegExp;
  try {
    withFlag = new RegExp(pattern, 'i');
  } catch {
    return true; // grep reports an invalid pattern before it folds anything
  }
  if (folded === null) return true;
  const without = new RegExp(folded);
  return inputs.every((input) => withFlag.test(input) === without.test(input));
}

describe('caseFoldedSource', () => {
  it('spells letters in both cases, inside and outside classes', () => {
    expect(caseFoldedSource('(a+)+$')).toBe('([aA]+)+$');
    expect(caseFoldedSource('fo[o-q]\\d{2}')).toBe('[fF][oO][o-qO-Q]\\d{2}');
    expect(caseFoldedSource('[^A-Cx_]')).toBe('[^A-Cx_a-cX]');
    expect(caseFoldedSource('(?<word>\\w+)\\s(?:ab|c)')).toBe('(?<word>\\w+)\\s(?:[aA][bB]|[cC])');
  });

  it('keeps the flag where folding by hand could differ', () => {
    for (const pattern of ['(a)\\1', '\\x41', '\\u00e9', 'caf\u00e9', '(?i:a)', '\\k<n>', '\\p{L}', '\\q']) {
      expect(caseFoldedSource(pattern)).toBeNull();
    }
  });

  it('matches exactly what the i flag matches, for generated patterns and lines', () => {
    const atom = fc.constantFrom(
      'a',
      'B',
      'z',
      'Q',
      '_',
      '1',
      '.',
      '\\d',
      '\\w',
      '\\W',
      '\\b',
      '[a-f]',
      '[^A-Z]',
      '[Z-a]',
      '[x_9]',
      '[]',
      '[^]',
      '(?:k|M)',
      '(?=c)',
      '(?!D)',
    );
    const quantifier = fc.constantFrom('', '', '*', '+', '?', '{1,2}');
    const pattern = fc
      .array(
        fc.tuple(atom, quantifier).map(([a, q]) => a + q),
        { minLength: 1, maxLength: 6 },
      )
      .map((parts) => parts.join(''));
    const line = fc.string({
      unit: fc.constantFrom('a', 'A', 'b', 'B', 'z', 'Z', 'q', 'Q', '_', '1', ' ', '[', '`', 'c', 'C', 'd', 'D', 'k', 'K', 'm', 'M', 'x', 'X'),
      maxLength: 12,
    });
    fc.assert(
      fc.property(pattern, fc.array(line, { minLength: 1, maxLength: 8 }), (source, lines) => sameMatches(source, lines)),
      { numRuns: 500 },
    );
  });
});
