import type { FormatCallback, HtmlToTextOptions } from 'html-to-text';

/** The deepest element nesting the parser is given; deeper open tags are dropped (their text stays). */
export const MAX_HTML_DEPTH = 256;

/** Elements that never have content, so they never nest. */
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/**
 * Drops the open tags past `MAX_HTML_DEPTH` levels of nesting, in one linear pass. The parser keeps its stack of
 * open elements with `unshift`, so a page of 100,000 nested `<div>`s costs it quadratic time; no page a person
 * reads nests that deep, so the cut loses nothing readable.
 */
export function flattenDeepNesting(html: string): string {
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/g;
  let depth = 0;
  let dropped = false;
  const parts: string[] = [];
  let last = 0;
  for (let match = tag.exec(html); match !== null; match = tag.exec(html)) {
    const name = (match[2] ?? '').toLowerCase();
    if (VOID_ELEMENTS.has(name)) continue;
    if (match[1] === '/') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    depth += 1;
    if (depth > MAX_HTML_DEPTH) {
      // The whole tag goes; the search for its `>` moves the scan past it, so the pass stays linear.
      parts.push(html.slice(last, match.index));
      const end = html.indexOf('>', match.index);
      dropped = true;
      if (end === -1) return parts.join(''); // the rest of the page is inside an unclosed tag: no text in it
      last = end + 1;
      tag.lastIndex = last;
      depth -= 1;
    }
  }
  if (!dropped) return html;
  parts.push(html.slice(last));
  return parts.join('');
}

type Convert = (html: string, options: HtmlToTextOptions) => string;
let convertModule: Promise<Convert> | null = null;

/** Loads `html-to-text` on the first page a run fetches, so runner start does not pay for the parser. */
function loadConverter(): Promise<Convert> {
  convertModule ??= import('html-to-text').then((module) => module.convert);
  return convertModule;
}

/** `# Title` for `<h1>`, `## Title` for `<h2>` and so on: the model reads Markdown headings best. */
const markdownHeading: FormatCallback = (element, walk, builder, formatOptions) => {
  builder.openBlock({ leadingLineBreaks: formatOptions.leadingLineBreaks ?? 2 });
  builder.addLiteral(`${'#'.repeat(Number(element.name?.slice(1)) || 1)} `);
  walk(element.children, builder);
  builder.closeBlock({ trailingLineBreaks: formatOptions.trailingLineBreaks ?? 1 });
};

/** A link's target as an absolute URL (the library would only glue the base in front); as written when it is not a URL. */
function resolveHref(href: string, baseUrl: string | undefined): string {
  if (baseUrl === undefined) return href;
  try {
    return new URL(href, baseUrl).href;
  } catch {
    return href;
  }
}

function options(baseUrl: string | undefined): HtmlToTextOptions {
  return {
    wordwrap: false,
    baseElements: { selectors: ['title', 'body'], orderBy: 'selectors', returnDomByDefault: true },
    limits: { maxDepth: MAX_HTML_DEPTH, ellipsis: '…', maxChildNodes: 20_000 },
    formatters: { markdownHeading },
    selectors: [
      { selector: 'title', format: 'block', options: { trailingLineBreaks: 2 } },
      {
        selector: 'a',
        options: { pathRewrite: (href) => resolveHref(href, baseUrl), linkBrackets: ['(', ')'], hideLinkHrefIfSameAsText: true, noAnchorUrl: true },
      },
      { selector: 'img', format: 'skip' },
      ...[1, 2, 3, 4, 5, 6].map((level) => ({ selector: `h${level}`, format: 'markdownHeading', options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } })),
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false, maxColumnWidth: 80 } },
      { selector: 'ul', options: { itemPrefix: '- ' } },
      ...['script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object'].map((selector) => ({ selector, format: 'skip' })),
    ],
  };
}

/**
 * Turns an HTML page into readable plain text with a real HTML parser (`html-to-text` on htmlparser2): scripts and
 * styles dropped, block elements on their own lines, `<pre>` kept as written, tables as aligned columns, nested lists
 * indented, links as `text (url)` resolved against `baseUrl`, entities decoded.
 */
export async function htmlToText(html: string, baseUrl?: string): Promise<string> {
  const convert = await loadConverter();
  return convert(flattenDeepNesting(html), options(baseUrl))
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\s+$/g, '');
}
