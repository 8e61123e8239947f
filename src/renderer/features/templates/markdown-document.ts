import type { SyntaxNode } from '@lezer/common';
import { GFM, parser } from '@lezer/markdown';
import { childrenOf, createInlineReader, type MdInline, normaliseLabel, tidy } from './markdown-inline';

export type { MdInline } from './markdown-inline';

export type MdAlign = 'left' | 'center' | 'right' | null;

/** Block Markdown as the preview shows it (CommonMark and GitHub's tables, task lists and strikethrough). */
export type MdBlock = Readonly<
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; content: ReadonlyArray<MdInline> }
  | { type: 'paragraph'; content: ReadonlyArray<MdInline> }
  | { type: 'code'; language: string; text: string }
  | { type: 'quote'; blocks: ReadonlyArray<MdBlock> }
  /** A tight list's items hold their paragraphs without spacing, as CommonMark renders them. */
  | { type: 'list'; isOrdered: boolean; start: number; isTight: boolean; items: ReadonlyArray<MdListItem> }
  | { type: 'table'; align: ReadonlyArray<MdAlign>; head: ReadonlyArray<ReadonlyArray<MdInline>>; rows: ReadonlyArray<ReadonlyArray<ReadonlyArray<MdInline>>> }
  | { type: 'rule' }
>;

/** One list item: its blocks, and for a task (`- [x] …`) whether it is checked. */
export type MdListItem = Readonly<{ checked: boolean | null; blocks: ReadonlyArray<MdBlock> }>;

const markdown = parser.configure(GFM);

/** Markers between a container's blocks (`>`, `-`, `1.`); a task's marker is read with its item. */
const MARKS = new Set(['QuoteMark', 'ListMark', 'Task']);

const HEADING = /^(?:ATXHeading|SetextHeading)([1-6])$/;
const BLANK_LINE = /\n[ \t>]*\n/;

/** Pure: the program text of a template without its YAML front-matter. */
export function stripFrontMatter(text: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/.exec(text);
  return match ? text.slice(match[0].length) : text;
}

/** Reads the blocks of one Markdown document; `references` are its `[label]: url` definitions. */
function createBlockReader(text: string, references: ReadonlyMap<string, string>) {
  const slice = (node: SyntaxNode): string => text.slice(node.from, node.to);
  const { inlineOf } = createInlineReader(text, references);

  function codeText(node: SyntaxNode): string {
    return node
      .getChildren('CodeText')
      .map(slice)
      .join('')
      .replace(/\n$/, '');
  }

  function listItem(node: SyntaxNode): MdListItem {
    const task = node.getChild('Task');
    if (!task) return { checked: null, blocks: blocksOf(node) };
    const marker = task.getChild('TaskMarker');
    const checked = marker !== null && /x/i.test(slice(marker));
    return { checked, blocks: [{ type: 'paragraph', content: tidy(inlineOf(task)) }, ...blocksOf(node)] };
  }

  function isTight(list: SyntaxNode): boolean {
    const items = childrenOf(list);
    return items.every((item, index) => {
      const next = items[index + 1];
      if (next && BLANK_LINE.test(text.slice(item.to, next.from))) return false;
      const blocks = childrenOf(item).filter((child) => child.name !== 'ListMark');
      return blocks.every((block, at) => {
        const after = blocks[at + 1];
        return !after || !BLANK_LINE.test(text.slice(block.to, after.from));
      });
    });
  }

  /** A row's cells in order; an empty cell has no node of its own, only two delimiters around nothing. */
  function tableRow(row: SyntaxNode): MdInline[][] {
    const cells: MdInline[][] = [];
    let pending: SyntaxNode | null = null;
    let isFirst = true;
    for (const child of childrenOf(row)) {
      if (child.name !== 'TableDelimiter') pending = child;
      else {
        if (!isFirst) cells.push(pending ? tidy(inlineOf(pending)) : []);
        pending = null;
      }
      isFirst = false;
    }
    if (pending) cells.push(tidy(inlineOf(pending)));
    // GitHub reads `\|` as a pipe inside a cell's code spans too.
    return cells.map((cell) => cell.map((piece) => (piece.type === 'code' ? { type: 'code', text: piece.text.replace(/\\\|/g, '|') } : piece)));
  }

  function table(node: SyntaxNode): MdBlock {
    const head = node.getChild('TableHeader');
    const delimiter = childrenOf(node).find((child) => child.name === 'TableDelimiter');
    const align = (delimiter ? slice(delimiter) : '')
      .replace(/^\s*\|/, '')
      .replace(/\|\s*$/, '')
      .split('|')
      .map((cell): MdAlign => {
        const spec = cell.trim();
        if (spec.startsWith(':') && spec.endsWith(':')) return 'center';
        if (spec.endsWith(':')) return 'right';
        return spec.startsWith(':') ? 'left' : null;
      });
    const width = align.length;
    const fit = (cells: MdInline[][]): MdInline[][] => Array.from({ length: width }, (_, index) => cells[index] ?? []);
    return { type: 'table', align, head: fit(head ? tableRow(head) : []), rows: node.getChildren('TableRow').map((row) => fit(tableRow(row))) };
  }

  function block(node: SyntaxNode): MdBlock[] {
    const heading = HEADING.exec(node.name);
    if (heading) return [{ type: 'heading', level: Number(heading[1]) as 1 | 2 | 3 | 4 | 5 | 6, content: tidy(inlineOf(node)) }];
    switch (node.name) {
      case 'Paragraph':
        return [{ type: 'paragraph', content: tidy(inlineOf(node)) }];
      case 'FencedCode': {
        const info = node.getChild('CodeInfo');
        return [{ type: 'code', language: info ? (slice(info).trim().split(/\s+/)[0] ?? '') : '', text: codeText(node) }];
      }
      case 'CodeBlock':
        return [{ type: 'code', language: '', text: codeText(node) }];
      case 'Blockquote':
        return [{ type: 'quote', blocks: blocksOf(node) }];
      case 'BulletList':
      case 'OrderedList': {
        const mark = node.firstChild?.getChild('ListMark');
        const isOrdered = node.name === 'OrderedList';
        return [{ type: 'list', isOrdered, start: isOrdered && mark ? parseInt(slice(mark), 10) : 1, isTight: isTight(node), items: node.getChildren('ListItem').map(listItem) }];
      }
      case 'Table':
        return [table(node)];
      case 'HorizontalRule':
        return [{ type: 'rule' }];
      case 'LinkReference':
        return [];
      default:
        // HTML blocks, comments and processing instructions show as the text they are, lines kept.
        return [{ type: 'code', language: '', text: slice(node) }];
    }
  }

  function blocksOf(node: SyntaxNode): MdBlock[] {
    return childrenOf(node).flatMap((child) => (MARKS.has(child.name) ? [] : block(child)));
  }

  return { blocksOf };
}

/** Pure: Markdown (CommonMark with GitHub's extensions, parsed by @lezer/markdown) as blocks for the preview. */
export function parseMarkdownDocument(text: string): ReadonlyArray<MdBlock> {
  const tree = markdown.parse(text);
  const references = new Map<string, string>();
  tree.iterate({
    enter(ref) {
      if (ref.name !== 'LinkReference') return;
      const label = ref.node.getChild('LinkLabel');
      const url = ref.node.getChild('URL');
      if (label && url) {
        const key = normaliseLabel(text.slice(label.from, label.to));
        if (!references.has(key)) references.set(key, text.slice(url.from, url.to).replace(/^<|>$/g, ''));
      }
      return false;
    },
  });
  return createBlockReader(text, references).blocksOf(tree.topNode);
}
