import type { SyntaxNode } from '@lezer/common';
import { decodeEntities } from '../../../shared/html-entities';

/** Inline Markdown as the preview shows it. Everything is text: HTML in the program stays visible as written, never markup. */
export type MdInline = Readonly<
  | { type: 'text'; text: string }
  | { type: 'placeholder'; text: string }
  | { type: 'code'; text: string }
  | { type: 'break' }
  | { type: 'strong' | 'em' | 'del'; children: ReadonlyArray<MdInline> }
  /** `href` is kept only for http(s) and mailto addresses; any other link shows as its text. */
  | { type: 'link'; href: string | null; children: ReadonlyArray<MdInline> }
  /** Images are never fetched: the preview shows their description. */
  | { type: 'image'; alt: string }
>;

/** Syntax nodes that only mark up their parent (`**`, `[`, `>` …); their text is never shown. */
const MARKS = new Set(['EmphasisMark', 'CodeMark', 'LinkMark', 'QuoteMark', 'HeaderMark', 'StrikethroughMark', 'ListMark', 'TaskMarker', 'TableDelimiter', 'CodeInfo', 'LinkTitle', 'LinkLabel']);
const PLACEHOLDER = /\{\{\s*[\w-]+\s*\}\}/g;

/** A syntax node's children, in order. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
  return children;
}

function safeHref(url: string): string | null {
  const href = /^www\./i.test(url) ? `http://${url}` : url;
  return /^(https?:|mailto:)/i.test(href) ? href : null;
}

/** Lower case, whitespace collapsed: how CommonMark matches `[text][label]` to `[label]: url`. */
export function normaliseLabel(label: string): string {
  return label.replace(/^\[|\]$/g, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Splits text on `{{param}}` placeholders, which the preview marks so a person sees what a run fills in. */
function textPieces(text: string): MdInline[] {
  const pieces: MdInline[] = [];
  let at = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > at) pieces.push({ type: 'text', text: text.slice(at, match.index) });
    pieces.push({ type: 'placeholder', text: match[0] });
    at = match.index + match[0].length;
  }
  if (at < text.length) pieces.push({ type: 'text', text: text.slice(at) });
  return pieces;
}

/** The words of inline content without its formatting (an image's description). */
function plainText(pieces: ReadonlyArray<MdInline>): string {
  return pieces
    .map((piece) => {
      switch (piece.type) {
        case 'break':
          return ' ';
        case 'image':
          return piece.alt;
        case 'strong':
        case 'em':
        case 'del':
        case 'link':
          return plainText(piece.children);
        case 'text':
        case 'placeholder':
        case 'code':
          return piece.text;
      }
    })
    .join('');
}

/** Joins neighbouring text, drops the indentation and quote marks of continuation lines, and trims the ends. */
export function tidy(pieces: ReadonlyArray<MdInline>): MdInline[] {
  const joined: MdInline[] = [];
  for (const piece of pieces) {
    const last = joined[joined.length - 1];
    if (piece.type === 'text' && last?.type === 'text') joined[joined.length - 1] = { type: 'text', text: last.text + piece.text };
    else joined.push(piece);
  }
  const lines = joined.map((piece) => (piece.type === 'text' ? { type: 'text' as const, text: piece.text.replace(/[ \t]*\n[ \t]*/g, '\n') } : piece));
  const first = lines[0];
  if (first?.type === 'text') lines[0] = { type: 'text', text: first.text.trimStart() };
  const end = lines[lines.length - 1];
  if (end?.type === 'text') lines[lines.length - 1] = { type: 'text', text: end.text.trimEnd() };
  return lines.filter((piece) => piece.type !== 'text' || piece.text !== '').flatMap((piece) => (piece.type === 'text' ? textPieces(piece.text) : [piece]));
}

/** Reads inline Markdown of one document; `references` are its `[label]: url` definitions. */
export function createInlineReader(text: string, references: ReadonlyMap<string, string>) {
  const slice = (node: SyntaxNode): string => text.slice(node.from, node.to);

  /** The inline content between `from` and `to` of `node`: the text between its children, and the children read. */
  function inlineOf(node: SyntaxNode, from = node.from, to = node.to): MdInline[] {
    const pieces: MdInline[] = [];
    let at = from;
    for (const child of childrenOf(node)) {
      if (child.to <= from || child.from >= to) continue;
      if (child.from > at) pieces.push({ type: 'text', text: text.slice(at, child.from) });
      pieces.push(...inline(child));
      at = child.to;
    }
    if (at < to) pieces.push({ type: 'text', text: text.slice(at, to) });
    return pieces;
  }

  function linkTarget(node: SyntaxNode): string | null {
    const url = node.getChild('URL');
    if (url) return safeHref(slice(url));
    const label = node.getChild('LinkLabel');
    const marks = node.getChildren('LinkMark');
    const textLabel = marks[0] && marks[1] ? text.slice(marks[0].to, marks[1].from) : '';
    const target = references.get(normaliseLabel(label ? slice(label) : textLabel));
    return target === undefined ? null : safeHref(target);
  }

  /** The text of a link or image: between its opening `[` (or `![`) and the `]` that closes it. */
  function labelRange(node: SyntaxNode): [number, number] {
    const marks = node.getChildren('LinkMark');
    return [marks[0]?.to ?? node.from, marks[1]?.from ?? node.to];
  }

  function inline(node: SyntaxNode): MdInline[] {
    if (MARKS.has(node.name)) return [];
    switch (node.name) {
      case 'Escape':
        return [{ type: 'text', text: slice(node).slice(1) }];
      case 'Entity':
        return [{ type: 'text', text: decodeEntities(slice(node)) }];
      case 'HardBreak':
        return [{ type: 'break' }];
      case 'InlineCode': {
        const code = text.slice(node.firstChild?.to ?? node.from, node.lastChild?.from ?? node.to).replace(/\n/g, ' ');
        return [{ type: 'code', text: /^ .*[^ ].* $/.test(code) ? code.slice(1, -1) : code }];
      }
      case 'Emphasis':
        return [{ type: 'em', children: tidy(inlineOf(node)) }];
      case 'StrongEmphasis':
        return [{ type: 'strong', children: tidy(inlineOf(node)) }];
      case 'Strikethrough':
        return [{ type: 'del', children: tidy(inlineOf(node)) }];
      case 'Link': {
        const [from, to] = labelRange(node);
        return [{ type: 'link', href: linkTarget(node), children: tidy(inlineOf(node, from, to)) }];
      }
      case 'URL':
        // A bare address (GitHub's autolinks: `https://…`, `www.…`).
        return [{ type: 'link', href: safeHref(slice(node)), children: [{ type: 'text', text: slice(node) }] }];
      case 'Autolink': {
        const url = node.getChild('URL');
        const shown = url ? slice(url) : slice(node);
        return [{ type: 'link', href: safeHref(shown), children: [{ type: 'text', text: shown }] }];
      }
      case 'Image': {
        const [from, to] = labelRange(node);
        return [{ type: 'image', alt: plainText(inlineOf(node, from, to)) }];
      }
      default:
        // HTML tags and comments, and anything this reader does not know, show as written.
        return node.firstChild ? inlineOf(node) : [{ type: 'text', text: slice(node) }];
    }
  }

  return { inlineOf };
}
