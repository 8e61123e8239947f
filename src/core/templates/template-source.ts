/** A piece of a template file and where it starts (a character offset into the whole text). */
export type SourcePart = Readonly<{ text: string; offset: number }>;

/** A template file cut into its YAML front-matter (if any) and its Markdown program. */
export type TemplateSource = Readonly<{
  /** The YAML between the `---` lines; null when the file has no front-matter. */
  yaml: SourcePart | null;
  body: SourcePart;
  /** The file opens a front-matter block with `---` but never closes it. */
  unclosed: boolean;
}>;

/** A 1-based line and column. */
export type Position = Readonly<{ line: number; column: number }>;

/** One `{{name}}` in a text, with the offset of its opening braces. */
export type Placeholder = Readonly<{ name: string; offset: number }>;

const FENCE = /^---[ \t]*$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w-]*)\s*\}\}/g;

/** The offsets where each line of `text` starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/** Splits a template into front-matter and program; a leading byte-order mark is ignored. */
export function splitTemplateSource(text: string): TemplateSource {
  const start = text.startsWith('\uFEFF') ? 1 : 0;
  const starts = lineStarts(text);
  const lineAt = (index: number): string => {
    const from = starts[index] ?? text.length;
    const to = starts[index + 1] ?? text.length;
    return text.slice(from, to).replace(/\r?\n$/, '');
  };
  if (!FENCE.test(text.slice(start, starts[1] ?? text.length).replace(/\r?\n$/, ''))) {
    return { yaml: null, body: { text: text.slice(start), offset: start }, unclosed: false };
  }
  for (let index = 1; index < starts.length; index += 1) {
    if (!FENCE.test(lineAt(index))) continue;
    const yamlStart = starts[1] ?? text.length;
    const yamlEnd = starts[index] ?? text.length;
    const bodyStart = starts[index + 1] ?? text.length;
    return { yaml: { text: text.slice(yamlStart, yamlEnd), offset: yamlStart }, body: { text: text.slice(bodyStart), offset: bodyStart }, unclosed: false };
  }
  return { yaml: null, body: { text: text.slice(start), offset: start }, unclosed: true };
}

/** Turns character offsets of one text into 1-based lines and columns. */
export function createPositionFinder(text: string): (offset: number) => Position {
  const starts = lineStarts(text);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  };
}

/** Every `{{name}}` placeholder in a text, in order. */
export function findPlaceholders(text: string): Placeholder[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => ({ name: match[1] ?? '', offset: match.index }));
}

/** Fills `{{name}}` placeholders; an unknown placeholder is an error naming it. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, unknown>>): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    if (!Object.hasOwn(values, name)) throw new Error(`The placeholder {{${name}}} has no parameter of that name`);
    const value = values[name];
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}
