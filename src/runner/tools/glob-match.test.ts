import { describe, expect, it } from 'vitest';
import { globMentions, globToRegExp } from './glob-match';

function matches(pattern: string, path: string): boolean {
  return globToRegExp(pattern).test(path);
}

describe('globToRegExp', () => {
  it('keeps `*` within one path segment', () => {
    expect(matches('*.ts', 'a.ts')).toBe(true);
    expect(matches('*.ts', 'src/a.ts')).toBe(false);
    expect(matches('src/*.ts', 'src/a.ts')).toBe(true);
    expect(matches('src/*', 'src/a/b.ts')).toBe(false);
  });

  it('lets `**/` span any number of folders, including none', () => {
    expect(matches('**/*.ts', 'a.ts')).toBe(true);
    expect(matches('**/*.ts', 'src/x/y/a.ts')).toBe(true);
    expect(matches('a/**/b', 'a/b')).toBe(true);
    expect(matches('a/**/b', 'a/x/y/b')).toBe(true);
    expect(matches('a/**/b', 'ab/b')).toBe(false);
  });

  it('matches everything below a folder with a trailing `**`', () => {
    expect(matches('src/**', 'src/a')).toBe(true);
    expect(matches('src/**', 'src/a/b/c.ts')).toBe(true);
    expect(matches('src/**', 'srcx/a')).toBe(false);
  });

  it('treats `**` inside a segment like `*`', () => {
    expect(matches('a**.ts', 'abc.ts')).toBe(true);
    expect(matches('a**.ts', 'a/b.ts')).toBe(false);
  });

  it('matches one character with `?`, never a slash', () => {
    expect(matches('?.md', 'a.md')).toBe(true);
    expect(matches('?.md', 'ab.md')).toBe(false);
    expect(matches('a?b', 'a/b')).toBe(false);
  });

  it('expands braces, nested too', () => {
    expect(matches('file.{ts,tsx}', 'file.tsx')).toBe(true);
    expect(matches('file.{ts,tsx}', 'file.js')).toBe(false);
    expect(matches('{src,test}/**/*.{ts,{m,c}js}', 'test/x/a.mjs')).toBe(true);
    expect(matches('{a,b', 'a')).toBe(true);
  });

  it('supports character classes and their negation', () => {
    expect(matches('[ab].js', 'a.js')).toBe(true);
    expect(matches('[ab].js', 'c.js')).toBe(false);
    expect(matches('[!ab].js', 'c.js')).toBe(true);
    expect(matches('[a-c]x', 'bx')).toBe(true);
    expect(matches('[ab', '[ab')).toBe(true);
  });

  it('never lets a class match a slash, and needs no lookahead unless the class could', () => {
    expect(matches('a[!b]c', 'a/c')).toBe(false);
    expect(matches('a[!b]c', 'axc')).toBe(true);
    expect(matches('a[!-0]c', 'a/c')).toBe(false);
    expect(matches('a[!-0]c', 'a.c')).toBe(true);
    expect(matches('a[!-0]c', 'a-c')).toBe(false);
    expect(matches('a[!0-]c', 'a-c')).toBe(false);
    expect(matches('a[!0-]c', 'a.c')).toBe(true);
    expect(matches('a[!-]c', 'a/c')).toBe(false);
    // Lookarounds keep V8's linear-time fallback from taking over a runaway pattern.
    expect(globToRegExp('[ab]*[!c]?.ts').source).not.toContain('(?');
    expect(globToRegExp('a[!-0]c').source).not.toContain('(?');
  });

  it('treats regex characters literally', () => {
    expect(matches('a+b(1).txt', 'a+b(1).txt')).toBe(true);
    expect(matches('a.txt', 'abtxt')).toBe(false);
    expect(matches('$x^|y', '$x^|y')).toBe(true);
    expect(matches('\\*.txt', '*.txt')).toBe(true);
    expect(matches('\\*.txt', 'a.txt')).toBe(false);
  });

  it('matches dotfiles like any other name', () => {
    expect(matches('**/*.yml', '.github/workflows/ci.yml')).toBe(true);
  });

  it('ignores case when asked', () => {
    expect(globToRegExp('*.MD', { ignoreCase: true }).test('readme.md')).toBe(true);
  });
});

describe('globMentions', () => {
  it('says whether a pattern names a folder the walk would skip', () => {
    expect(globMentions('node_modules/zod/**', 'node_modules')).toBe(true);
    expect(globMentions('**/*.ts', 'node_modules')).toBe(false);
  });
});

describe('globToRegExp on hostile patterns', () => {
  it('runs in linear time: stars and globstars the model repeats cannot backtrack', () => {
    expect(globToRegExp(`${'*a'.repeat(30)}b`).test('a'.repeat(5_000))).toBe(false);
    expect(globToRegExp(`${'**/'.repeat(30)}x`).test(`${'d/'.repeat(2_000)}y`)).toBe(false);
  });
});
