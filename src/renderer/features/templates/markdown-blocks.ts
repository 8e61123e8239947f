/** A piece of inline Markdown. Links keep their address only when it is http(s); everything is text, never HTML. */
export type Inline = Readonly<
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'placeholder'; text: string }
  | { type: 'strong' | 'em'; children: ReadonlyArray<Inline> }
  | { type: 'link'; href: string | null; children: ReadonlyArray<Inline> }
>;

/** A block of Markdown, as the preview renders it. */
export type Block = Readonly<
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; content: ReadonlyArray<Inline> }
  | { type: 'paragraph'; content: ReadonlyArray<Inline> }
  | { type: 'code'; language: string; text: string }
  | { type: 'list'; isOrdered: boolean; start: number; items: ReadonlyArray<ReadonlyArray<Inline>> }
  | { type: 'quote'; content: ReadonlyArray<Inline> }
  | { type: 'rule' }
>;

const INLINE = /(`[^`]+`)|(\{\{\s*[\w-]+\s*\}\})|(\*\*[^*]+\*\*|__[^_]+__)|(\*[^*\s][^*]*\*|_[^_\s][^_]*_)|(\[[^\]]+\]\([^)\s]+\))/;

/** Pure: inline Markdown (code, `{{placeholders}}`, strong, emphasis, links) as pieces. */
export function parseInline(text: string): ReadonlyArray<Inline> {
  const pieces: Inline[] = [];
  let rest = text;
  for (let match = INLINE.exec(rest); match !== null; match = INLINE.exec(rest)) {
    if (match.index > 0) pieces.push({ type: 'text', text: rest.slice(0, match.index) });
    const [token] = match;
    if (match[1]) pieces.push({ type: 'code', text: token.slice(1, -1) });
    else if (match[2]) pieces.push({ type: 'placeholder', text: token });
    else if (match[3]) pieces.push({ type: 'strong', children: parseInline(token.slice(2, -2)) });
    else if (match[4]) pieces.push({ type: 'em', children: parseInline(token.slice(1, -1)) });
    else {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token);
      const href = link?.[2] ?? '';
      pieces.push({ type: 'link', href: /^https?:\/\//i.test(href) ? href : null, children: parseInline(link?.[1] ?? token) });
    }
    rest = rest.slice(match.index + token.length);
  }
  if (rest !== '') pieces.push({ type: 'text', text: rest });
  return pieces;
}

/** Pure: the program text of a template without its YAML front-matter. */
export function stripFrontMatter(text: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/.exec(text);
  return match ? text.slice(match[0].length) : text;
}

const LIST_ITEM = /^\s{0,3}([-*+]|(\d{1,9})[.)])\s+(.*)$/;
const isBlank = (line: string): boolean => line.trim() === '';
const startsBlock = (line: string): boolean => /^\s{0,3}(#{1,6}\s|```|~~~|>|([-*_])(\s*\2){2,}\s*$)/.test(line) || LIST_ITEM.test(line);

/** Pure: block Markdown (headings, fenced code, lists, quotes, rules, paragraphs) as blocks. */
export function parseMarkdown(text: string): ReadonlyArray<Block> {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let at = 0;
  while (at < lines.length) {
    const line = lines[at] ?? '';
    if (isBlank(line)) {
      at += 1;
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    const fence = /^\s{0,3}(```|~~~)\s*([\w+-]*)/.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: (heading[1]?.length ?? 1) as 1 | 2 | 3 | 4 | 5 | 6, content: parseInline(heading[2] ?? '') });
      at += 1;
    } else if (fence) {
      const body: string[] = [];
      at += 1;
      while (at < lines.length && !(lines[at] ?? '').trimStart().startsWith(fence[1] ?? '```')) body.push(lines[at++] ?? '');
      at += 1;
      blocks.push({ type: 'code', language: fence[2] ?? '', text: body.join('\n') });
    } else if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push({ type: 'rule' });
      at += 1;
    } else if (/^\s{0,3}>/.test(line)) {
      const quoted: string[] = [];
      while (at < lines.length && /^\s{0,3}>/.test(lines[at] ?? '')) quoted.push((lines[at++] ?? '').replace(/^\s{0,3}>\s?/, ''));
      blocks.push({ type: 'quote', content: parseInline(quoted.join(' ')) });
    } else if (LIST_ITEM.test(line)) {
      const first = LIST_ITEM.exec(line);
      const isOrdered = first?.[2] !== undefined;
      const items: string[] = [];
      while (at < lines.length && !isBlank(lines[at] ?? '')) {
        const item = LIST_ITEM.exec(lines[at] ?? '');
        if (item) items.push(item[3] ?? '');
        else if (items.length > 0) items[items.length - 1] += ` ${(lines[at] ?? '').trim()}`;
        at += 1;
      }
      blocks.push({ type: 'list', isOrdered, start: Number(first?.[2] ?? 1), items: items.map(parseInline) });
    } else {
      const paragraph: string[] = [];
      while (at < lines.length && !isBlank(lines[at] ?? '') && (paragraph.length === 0 || !startsBlock(lines[at] ?? ''))) paragraph.push((lines[at++] ?? '').trim());
      blocks.push({ type: 'paragraph', content: parseInline(paragraph.join(' ')) });
    }
  }
  return blocks;
}
