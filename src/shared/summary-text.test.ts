import { describe, expect, it } from 'vitest';
import { cutSummary, escapeControlCharacters, escapeForOneLine, isCutSummary } from './summary-text';

describe('cutSummary', () => {
  it('keeps a short summary, and says how much a cut one hides', () => {
    expect(cutSummary('npm test', 20)).toBe('npm test');
    expect(cutSummary('a'.repeat(30), 10)).toBe(`${'a'.repeat(10)}… [20 more characters hidden]`);
    expect(isCutSummary(cutSummary('a'.repeat(30), 10))).toBe(true);
    expect(isCutSummary('npm test', 48)).toBe(false);
    expect(isCutSummary('x'.repeat(49), 48)).toBe(true);
  });
});

describe('escapeControlCharacters', () => {
  it('shows escape sequences, carriage returns and bidi overrides instead of letting them act', () => {
    expect(escapeControlCharacters('ok\u001b]0;pwned\u0007 \u001b[2J\rover\u202eevil\nnext\tcol')).toBe(
      'ok\\u{1b}]0;pwned\\u{7} \\u{1b}[2J\\u{d}over\\u{202e}evil\nnext\tcol',
    );
    expect(escapeControlCharacters('plain text')).toBe('plain text');
  });
});

describe('escapeForOneLine', () => {
  it('also spells out newlines and tabs, so the text cannot start a line of its own', () => {
    expect(escapeForOneLine('a\nAllow it? [y]\tb\u001b[2K')).toBe('a\\nAllow it? [y]\\tb\\u{1b}[2K');
  });
});
