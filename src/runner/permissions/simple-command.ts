/**
 * A bash command as the permission rules see it: the argv of one simple command, or the reason it is not one.
 * Anything the shell would chain, redirect, substitute or expand makes it "not simple": an allow rule can then
 * never cover it, because the rule's text cannot say what the expansion will produce.
 */
export type ParsedCommand = Readonly<{ simple: true; argv: ReadonlyArray<string> } | { simple: false; reason: string }>;

/** Characters that end or join commands, redirect, or start a subshell, outside quotes. */
const OPERATORS = new Set([';', '&', '|', '<', '>', '(', ')', '\n', '\r']);
/** Characters that make bash expand a word into something else (globs), outside quotes. */
const GLOB_CHARS = new Set(['*', '?', '[']);
const WHITESPACE = new Set([' ', '\t']);

function notSimple(reason: string): ParsedCommand {
  return { simple: false, reason };
}

/**
 * Splits a command line into words the way bash would for a simple command, in one pass (linear time): single
 * quotes, double quotes and backslashes are honoured and removed. Refuses (as not simple) operators, `$` in any
 * form, backticks, globs, brace lists, `~` expansion and comments: an allow rule cannot vouch for those.
 */
export function parseSimpleCommand(source: string): ParsedCommand {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let braceOpen = false;
  const endWord = (): void => {
    if (inWord) argv.push(word);
    [word, inWord, braceOpen] = ['', false, false];
  };
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index] ?? '';
    if (WHITESPACE.has(char)) {
      endWord();
      continue;
    }
    if (char === '\\') {
      const next = source[index + 1];
      if (next === undefined) return notSimple('it ends with a backslash');
      if (next === '\n') return notSimple('it continues over several lines');
      [word, inWord, index] = [word + next, true, index + 1];
    } else if (char === "'") {
      const end = source.indexOf("'", index + 1);
      if (end === -1) return notSimple('a quote is not closed');
      [word, inWord, index] = [word + source.slice(index + 1, end), true, end];
    } else if (char === '"') {
      inWord = true;
      let closed = false;
      for (index += 1; index < source.length; index += 1) {
        const inner = source[index] ?? '';
        if (inner === '"') {
          closed = true;
          break;
        }
        if (inner === '$' || inner === '`') return notSimple('it substitutes or expands something');
        if (inner === '\\' && ['"', '\\', '$', '`', '\n'].includes(source[index + 1] ?? '')) {
          if (source[index + 1] === '\n') return notSimple('it continues over several lines');
          index += 1;
          word += source[index] ?? '';
        } else {
          word += inner;
        }
      }
      if (!closed) return notSimple('a quote is not closed');
    } else if (OPERATORS.has(char)) {
      return notSimple(`it uses the shell operator \`${char === '\n' || char === '\r' ? 'newline' : char}\``);
    } else if (char === '$' || char === '`') {
      return notSimple('it substitutes or expands something');
    } else if (GLOB_CHARS.has(char)) {
      return notSimple(`it has the unquoted glob character \`${char}\``);
    } else if (char === '#' && !inWord) {
      return notSimple('it has a comment');
    } else if (char === '~' && (!inWord || word.endsWith('=') || word.endsWith(':'))) {
      return notSimple('it expands `~`');
    } else if (char === '{') {
      [word, inWord, braceOpen] = [word + char, true, true];
    } else if (braceOpen && (char === ',' || (char === '.' && source[index + 1] === '.'))) {
      return notSimple('it has a brace expansion');
    } else {
      [word, inWord] = [word + char, true];
    }
  }
  endWord();
  if (argv.length === 0) return notSimple('it is empty');
  return { simple: true, argv };
}
