import { linearRegExp } from './linear-regexp';
const REGEX_SPECIALS = new Set(['\\', '^', '$', '.', '|', '+', '(', ')', '[', ']', '{', '}', '*', '?']);

function escapeChar(char: string): string {
  return REGEX_SPECIALS.has(char) ? `\\${char}` : char;
}

/**
 * A class that never matches `/`, without a lookahead where it can (V8's linear-time fallback for
 * runaway patterns does not support lookarounds): `[^...]` gains `/`, and a class that cannot match
 * `/` anyway stays as it is.
 */
function classNotMatchingSlash(body: string): string {
  if (body.startsWith('^')) {
    // `/` must not become a range's end: not before a leading `-`, not after a trailing one.
    const rest = body.slice(1);
    if (!rest.startsWith('-')) return `[^/${rest}]`;
    if (!rest.endsWith('-')) return `[^${rest}/]`;
    return `(?!/)[${body}]`;
  }
  let matchesSlash = true;
  try {
    matchesSlash = new RegExp(`[${body}]`).test('/');
  } catch {
    // an invalid class stays as it was written, for the caller's RegExp to report
  }
  return matchesSlash ? `(?!/)[${body}]` : `[${body}]`;
}

/** Translates a `[...]` class starting at `start`; null when it is not closed (then `[` is literal). */
function translateClass(pattern: string, start: number): { source: string; end: number } | null {
  let index = start + 1;
  let body = '';
  if (pattern[index] === '!' || pattern[index] === '^') {
    body += '^';
    index += 1;
  }
  if (pattern[index] === ']') {
    body += '\\]';
    index += 1;
  }
  for (; index < pattern.length; index += 1) {
    const char = pattern[index] ?? '';
    if (char === ']') return { source: classNotMatchingSlash(body), end: index };
    body += char === '\\' || char === '[' ? `\\${char}` : char;
  }
  return null;
}

/** Translates `**` at `index` (a whole path segment or not) and returns the regex and how many characters it used. */
function translateStars(pattern: string, index: number): { source: string; used: number } {
  if (pattern[index + 1] !== '*') return { source: '[^/]*', used: 1 };
  const atSegmentStart = index === 0 || pattern[index - 1] === '/';
  const next = pattern[index + 2];
  if (atSegmentStart && next === '/') return { source: '(?:[^/]*/)*', used: 3 };
  if (atSegmentStart && next === undefined) return { source: '.*', used: 2 };
  // `a**b` is not a globstar: it matches like `*`.
  return { source: '[^/]*', used: 2 };
}

/** The regex source for a glob pattern; braces nest, and `,` separates alternatives only inside braces. */
function translate(pattern: string): string {
  let source = '';
  let braceDepth = 0;
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] ?? '';
    if (char === '\\' && index + 1 < pattern.length) {
      index += 1;
      source += escapeChar(pattern[index] ?? '');
    } else if (char === '*') {
      const stars = translateStars(pattern, index);
      source += stars.source;
      index += stars.used - 1;
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const translated = translateClass(pattern, index);
      source += translated ? translated.source : '\\[';
      index = translated ? translated.end : index;
    } else if (char === '{') {
      braceDepth += 1;
      source += '(?:';
    } else if (char === '}' && braceDepth > 0) {
      braceDepth -= 1;
      source += ')';
    } else if (char === ',' && braceDepth > 0) {
      source += '|';
    } else {
      source += escapeChar(char);
    }
  }
  // An unclosed `{` closes at the end rather than making an invalid regex.
  return source + ')'.repeat(braceDepth);
}

/**
 * Compiles a glob pattern to an anchored RegExp over `/`-separated relative paths:
 * `*` and `?` stay within one segment, `**` spans segments (also none), `{a,b}` and `[abc]`/`[!abc]` as in the shell.
 */
export function globToRegExp(pattern: string, options: Readonly<{ ignoreCase?: boolean }> = {}): RegExp {
  const source = `^${translate(pattern)}$`;
  if (options.ignoreCase) return new RegExp(source, 'i');
  try {
    // The linear engine, so a model's `*a*a*a*…b` or `**/**/…` cannot backtrack; `[...]` classes (a lookahead) need the other.
    return linearRegExp(source, '');
  } catch {
    return new RegExp(source, '');
  }
}

/** True when the pattern spells out `name` (e.g. `node_modules`), so a walk must not skip that folder. */
export function globMentions(pattern: string, name: string): boolean {
  return pattern.includes(name);
}
