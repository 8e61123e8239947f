/** One simple command of a shell line: its words (quotes removed), which pipeline it is in and its place in that pipeline. */
export type SimpleCommand = Readonly<{ words: ReadonlyArray<string>; pipeline: number; stage: number }>;

/** A shell line split into simple commands, plus the text of every `$(…)`, `` `…` `` and `<(…)` inside it (they run too). */
export type ShellLine = Readonly<{ commands: ReadonlyArray<SimpleCommand>; substitutions: ReadonlyArray<string> }>;

/** The index of the `)` that closes the `(` at `open`, or the end of the text when it is never closed. */
function closingParen(source: string, open: number): number {
  let depth = 0;
  for (let index = open; index < source.length; index += 1) {
    if (source[index] === '(') depth += 1;
    else if (source[index] === ')' && --depth === 0) return index;
  }
  return source.length;
}

function closingBacktick(source: string, open: number): number {
  const end = source.indexOf('`', open + 1);
  return end === -1 ? source.length : end;
}

/**
 * Splits a shell line into simple commands the way bash would, closely enough for a safety check: quotes and
 * backslashes are honoured; `;`, `&`, `&&`, `||`, newlines and parentheses end a pipeline; `|` ends a stage.
 * Not a full parser: heredocs, `case` and arithmetic are taken as plain words.
 */
export function splitShellLine(source: string): ShellLine {
  const commands: SimpleCommand[] = [];
  const substitutions: string[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let pipeline = 0;
  let stage = 0;

  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (next: 'stage' | 'pipeline'): void => {
    endWord();
    if (words.length > 0) commands.push({ words, pipeline, stage });
    words = [];
    if (next === 'stage') stage += 1;
    else [pipeline, stage] = [pipeline + 1, 0];
  };
  /** Records a substitution starting at `start` (its opening `(` or backtick at `open`) and adds its text to the word. */
  const substitution = (start: number, open: number): number => {
    const end = source[open] === '`' ? closingBacktick(source, open) : closingParen(source, open);
    substitutions.push(source.slice(open + 1, end));
    word += source.slice(start, end + 1);
    inWord = true;
    return end;
  };

  for (let index = 0; index < source.length; index += 1) {
    const char = source[index] ?? '';
    const next = source[index + 1];
    if (char === '\\') {
      if (next !== '\n') [word, inWord] = [word + (next ?? ''), true];
      index += 1;
    } else if (char === "'") {
      const end = source.indexOf("'", index + 1);
      const close = end === -1 ? source.length : end;
      [word, inWord, index] = [word + source.slice(index + 1, close), true, close];
    } else if (char === '"') {
      inWord = true;
      for (index += 1; index < source.length && source[index] !== '"'; index += 1) {
        const inner = source[index] ?? '';
        if (inner === '\\' && index + 1 < source.length) word += source[++index] ?? '';
        else if (inner === '$' && source[index + 1] === '(') index = substitution(index, index + 1);
        else if (inner === '`') index = substitution(index, index);
        else word += inner;
      }
    } else if ((char === '$' || char === '<' || char === '>') && next === '(') {
      index = substitution(index, index + 1);
    } else if (char === '`') {
      index = substitution(index, index);
    } else if (char === '#' && !inWord) {
      const end = source.indexOf('\n', index);
      index = (end === -1 ? source.length : end) - 1;
    } else if (char === '\n' || char === ';' || char === '(' || char === ')') {
      endCommand('pipeline');
    } else if (/\s/.test(char)) {
      endWord();
    } else if (char === '&' && next !== '&' && (next === '>' || word.endsWith('>') || word.endsWith('<'))) {
      [word, inWord] = [word + char, true]; // `&>file`, `2>&1`: a redirection, not a background job
    } else if (char === '&' || (char === '|' && next === '|')) {
      if (next === char) index += 1;
      endCommand('pipeline');
    } else if (char === '|' && !word.endsWith('>')) {
      if (next === '&') index += 1;
      endCommand('stage');
    } else {
      [word, inWord] = [word + char, true];
    }
  }
  endCommand('pipeline');
  return { commands, substitutions };
}
