import { decodeEntities } from '../../shared/html-entities';

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3] ?? '') : null;
}

function resolveHref(href: string, baseUrl: string | undefined): string {
  if (baseUrl === undefined) return href;
  try {
    return new URL(decodeEntities(href), baseUrl).href;
  } catch {
    return href; // not a URL the WHATWG parser accepts: show it as the page wrote it
  }
}

/** `text (url)` for a link; just the text for in-page and script links, just the URL when the text is empty or the URL itself. */
function linkText(openTag: string, inner: string, baseUrl: string | undefined): string {
  const href = attribute(openTag, 'href');
  if (href === null || href === '' || href.startsWith('#') || /^\s*javascript:/i.test(href)) return inner;
  const url = resolveHref(href, baseUrl);
  const text = inner
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '' || decodeEntities(text) === url) return ` ${url} `;
  return `${inner} (${url})`;
}

const DROPPED_ELEMENTS = ['script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object'];
const BLOCK_ELEMENTS =
  'p|div|section|article|header|footer|nav|aside|main|ul|ol|dl|dt|dd|table|thead|tbody|tr|pre|blockquote|figure|figcaption|form|fieldset|address|details|summary|h[1-6]|hr|title';

/**
 * Turns an HTML page into readable plain text: scripts, styles and comments dropped, block elements on their own
 * lines, list items as `- `, links kept as `text (url)` (resolved against `baseUrl` when given), entities decoded,
 * whitespace collapsed. A small regex pass for reading pages, not a conforming HTML parser.
 */
export function htmlToText(html: string, baseUrl?: string): string {
  let text = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<!doctype[^>]*>/gi, '');
  for (const element of DROPPED_ELEMENTS) {
    text = text.replace(new RegExp(`<${element}\\b[\\s\\S]*?</${element}\\s*>`, 'gi'), ' ');
  }
  // Line breaks in the source are spaces in HTML; the markup decides where lines end (`<pre>` included, a known loss).
  text = text
    .replace(/\s+/g, ' ')
    .replace(/<head\b[^>]*>([\s\S]*?)<\/head\s*>/i, (_whole, head: string) => /<title\b[^>]*>[\s\S]*?<\/title\s*>/i.exec(head)?.[0] ?? '')
    .replace(/(<a\b[^>]*>)([\s\S]*?)<\/a\s*>/gi, (_whole, open: string, inner: string) => linkText(open, inner, baseUrl))
    .replace(/<img\b[^>]*>/gi, (tag) => {
      const alt = attribute(tag, 'alt');
      return alt ? ` [image: ${alt}] ` : ' ';
    })
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<h([1-6])\b[^>]*>/gi, (_whole, level: string) => `\n\n${'#'.repeat(Number(level))} `)
    .replace(/<\/?(?:td|th)\b[^>]*>/gi, ' ')
    .replace(new RegExp(`</?(?:${BLOCK_ELEMENTS})\\b[^>]*>`, 'gi'), '\n\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .replace(/[ \t\f\v\r\u00a0]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
