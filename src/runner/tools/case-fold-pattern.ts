// V8's linear-time regexp engine (the fallback for patterns that backtrack too much, see
// RUNNER_V8_FLAGS) does not support the `i` flag. For the common case, an ASCII pattern, the same
// matches come from spelling each letter in both cases (`a` → `[aA]`, `[a-f]` → `[a-fA-F]`), which
// the linear engine does support. Patterns where that is not exactly `i` keep the flag (null).

const ESCAPES_WITH_MEANING = new Set(['b', 'B', 'd', 'D', 's', 'S', 'w', 'W', 'f', 'n', 'r', 't', 'v', 'c']);
const LOWER_A = 97;
const LOWER_Z = 122;
const UPPER_A = 65;
const UPPER_Z = 90;
const CASE_OFFSET = LOWER_A - UPPER_A;

const isLetter = (char: string): boolean => /^[A-Za-z]$/.test(char);
const bothCases = (char: string): string => `${char.toLowerCase()}${char.toUpperCase()}`;

/** An escape `\X` at `index`: its text, or null when folding it by hand could differ from `i`. */
function escapeAt(pattern: string, index: number): string | null {
  const next = pattern[index + 1];
  if (next === undefined) return null;
  // Back-references compare case-insensitively under `i`; \x, \u, \k and \p/\P (literal letters
  // without the `u` flag) are rare enough in a grep pattern to keep the flag.
  if (/[1-9xuk]/.test(next)) return null;
  if (next === 'c') return isLetter(pattern[index + 2] ?? '') ? pattern.slice(index, index + 3) : null;
  if (isLetter(next) && !ESCAPES_WITH_MEANING.has(next)) return null;
  return `\\${next}`;
}

/** The other case of the ASCII letters in the range `low`–`high`, as class ranges. */
function otherCaseRanges(low: number, high: number): string {
  const ranges: string[] = [];
  const from = (start: number, end: number, shift: number): void => {
    const a = Math.max(low, start);
    const b = Math.min(high, end);
    if (a <= b) ranges.push(a === b ? String.fromCharCode(a + shift) : `${String.fromCharCode(a + shift)}-${String.fromCharCode(b + shift)}`);
  };
  from(LOWER_A, LOWER_Z, -CASE_OFFSET);
  from(UPPER_A, UPPER_Z, CASE_OFFSET);
  return ranges.join('');
}

/** A character class starting at `start` (`[`), folded; null when it cannot be folded exactly. */
function foldClass(pattern: string, start: number): { text: string; end: number } | null {
  let index = start + 1;
  let body = pattern[index] === '^' ? '^' : '';
  index += body.length;
  let extra = '';
  while (index < pattern.length) {
    const char = pattern[index] ?? '';
    // Without the `u` flag, `]` always closes (`[]` matches nothing, `[^]` anything).
    if (char === ']') return { text: `[${body}${extra}]`, end: index };
    const item = char === '\\' ? escapeAt(pattern, index) : char;
    if (item === null) return null;
    index += item.length;
    if (pattern[index] === '-' && pattern[index + 1] !== ']' && pattern[index + 1] !== undefined && item.length === 1) {
      const high = pattern[index + 1] === '\\' ? escapeAt(pattern, index + 1) : (pattern[index + 1] ?? null);
      if (high === null || high.length !== 1) return null;
      body += `${item}-${high}`;
      extra += otherCaseRanges(item.charCodeAt(0), high.charCodeAt(0));
      index += 2;
      continue;
    }
    body += item;
    if (isLetter(item)) extra += item === item.toLowerCase() ? item.toUpperCase() : item.toLowerCase();
  }
  return null;
}

/**
 * The source of a regular expression that matches what `new RegExp(pattern, 'i')` matches, without
 * the `i` flag, or null when `pattern` is not plain ASCII or uses a construct whose folding could
 * differ (back-references, \x/\u/\k escapes, inline modifiers).
 */
export function caseFoldedSource(pattern: string): string | null {
  if (!/^[\x20-\x7e\t]*$/.test(pattern)) return null;
  let out = '';
  for (let index = 0; index < pattern.length;) {
    const char = pattern[index] ?? '';
    if (char === '\\') {
      const escape = escapeAt(pattern, index);
      if (escape === null) return null;
      out += escape;
      index += escape.length;
    } else if (char === '[') {
      const folded = foldClass(pattern, index);
      if (folded === null) return null;
      out += folded.text;
      index = folded.end + 1;
    } else if (char === '(' && pattern[index + 1] === '?') {
      // (?: (?= (?! (?<= (?<! pass through; a group name is copied as it is; modifiers keep the flag.
      const name = /^\(\?<([A-Za-z_$][\w$]*)>/.exec(pattern.slice(index));
      const prefix = name?.[0] ?? /^\(\?(?::|=|!|<=|<!)/.exec(pattern.slice(index))?.[0];
      if (prefix === undefined) return null;
      out += prefix;
      index += prefix.length;
    } else {
      out += isLetter(char) ? `[${bothCases(char)}]` : char;
      index += 1;
    }
  }
  return out;
}
