import { z } from 'zod';
import { type AnyAgentTool, defineTool } from './agent-tool';
import { formatBytes, looksBinary } from './fs-text';
import { type HostResolver, checkedLookup, privateHostRefusal, systemResolver } from './checked-lookup';
import { htmlToText } from './html-to-text';
import { type PinnedResponse, getPinned } from './pinned-get';
import { literalPrivateAddress } from './private-address';

/** How long one fetch may take, body included. */
export const FETCH_TIMEOUT_MS = 30_000;
/** How much text a fetch returns unless the call asks for more. */
export const FETCH_DEFAULT_MAX_BYTES = 100 * 1024;
/** The most text a call may ask for. */
export const FETCH_MAX_BYTES = 1024 * 1024;
/** How many redirects one fetch follows; each hop is checked by the permission gate like a new call. */
export const FETCH_MAX_REDIRECTS = 5;
/** Raw bytes read per byte of text asked for: HTML shrinks a lot once the markup is gone. */
const RAW_BYTES_PER_TEXT_BYTE = 8;

/** Parses a URL the model gave; only http and https are fetched. */
export function parseFetchUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (error) {
    throw new Error(`web_fetch: ${raw} is not a valid URL`, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`refused: web_fetch only fetches http and https URLs, not ${url.protocol}`);
  }
  return url;
}

async function readCapped(body: AsyncIterable<Buffer>, maxBytes: number, discard: () => void): Promise<{ bytes: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    length += chunk.byteLength;
    if (length > maxBytes) {
      discard();
      return { bytes: Buffer.concat(chunks).subarray(0, maxBytes), truncated: true };
    }
  }
  return { bytes: Buffer.concat(chunks), truncated: false };
}

function decode(bytes: Buffer, contentType: string): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes); // an unknown charset label: UTF-8 is the web's default
  }
}

/** Cuts text to at most `maxBytes` of UTF-8 without splitting a character. */
export function capText(text: string, maxBytes: number): { text: string; truncated: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, truncated: false };
  return { text: new TextDecoder('utf-8').decode(bytes.subarray(0, maxBytes)).replace(/\uFFFD$/, ''), truncated: true };
}

function failure(url: URL, error: unknown, signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if ((error instanceof Error && error.name === 'TimeoutError') || (reason instanceof Error && reason.name === 'TimeoutError'))
    return new Error(`web_fetch: GET ${url.href} timed out after ${FETCH_TIMEOUT_MS / 1000} s`, { cause: error });
  if (error instanceof Error && error.name === 'AbortError') return error;
  if (error instanceof Error && error.message.startsWith('refused:')) return error;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
  return new Error(`web_fetch: GET ${url.href} failed: ${cause}`, { cause: error });
}

/**
 * The `web_fetch` tool. `resolve` is the name resolver its connections use (the system's; tests give one that
 * changes its answer): every connection, redirects included, resolves once, checks those addresses and connects
 * to exactly them.
 */
export function createWebFetchTool(resolve: HostResolver = systemResolver): AnyAgentTool {
  return defineTool({
    name: 'web_fetch',
    description:
      `Fetch an http(s) URL with GET and return its text: HTML is turned into readable text with links as "text (url)". Returns at most ${formatBytes(FETCH_DEFAULT_MAX_BYTES)} ` +
      `unless maxBytes says otherwise (up to ${formatBytes(FETCH_MAX_BYTES)}). Times out after ${FETCH_TIMEOUT_MS / 1000} s.`,
    inputSchema: z.object({
      url: z.string().min(1).describe('An http or https URL.'),
      maxBytes: z.number().int().min(1).max(FETCH_MAX_BYTES).optional().describe(`The most text to return (default ${FETCH_DEFAULT_MAX_BYTES}).`),
    }),
    effect: 'network',
    summarize: (input) => `web_fetch GET ${input.url}`,
    async execute(input, context) {
      let url = parseFetchUrl(input.url);
      const maxBytes = input.maxBytes ?? FETCH_DEFAULT_MAX_BYTES;
      const signal = AbortSignal.any([context.signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]);
      const mayReachPrivate = (host: string) => context.ruleNamesHost?.('web_fetch', host) === true;
      const lookup = checkedLookup(resolve, mayReachPrivate);
      const hops: string[] = [];
      try {
        for (;;) {
          refuseLiteralPrivate(url, mayReachPrivate);
          // Redirects are followed here: every hop goes through the gate, and its connection through the checked lookup.
          const response = await getPinned(url, {
            signal,
            lookup,
            headers: { 'user-agent': 'Autoloop web_fetch', accept: 'text/html, text/plain, application/json;q=0.9, */*;q=0.5' },
          });
          const location = response.header('location');
          if (response.status >= 300 && response.status < 400 && location !== null) {
            response.discard();
            if (hops.length >= FETCH_MAX_REDIRECTS) throw new Error(`refused: more than ${FETCH_MAX_REDIRECTS} redirects`);
            const next = parseFetchUrl(new URL(location, url).href);
            const denial = (await context.permit?.('web_fetch', { url: next.href })) ?? null;
            if (denial !== null) return `GET ${url.href} → ${response.status} redirect to ${next.href}, not followed: ${denial}`;
            hops.push(next.href);
            url = next;
            continue;
          }
          return await describeResponse(input.url, url, response, hops, maxBytes);
        }
      } catch (error) {
        throw failure(url, error, signal);
      }
    },
  });
}

/** Fetches a web page or text resource and returns it as text. */
export const webFetchTool = createWebFetchTool();

/** Refuses a URL whose host is a literal loopback, link-local or private address (or `localhost`) no rule names; names are checked as they connect. */
function refuseLiteralPrivate(url: URL, mayReachPrivate: (host: string) => boolean): void {
  if (mayReachPrivate(url.hostname)) return;
  const address = literalPrivateAddress(url.hostname);
  if (address !== null) throw privateHostRefusal(url.host, address);
}

async function describeResponse(requested: string, url: URL, response: PinnedResponse, hops: ReadonlyArray<string>, maxBytes: number): Promise<string> {
  const contentType = response.header('content-type') ?? '';
  const raw = await readCapped(response.body, maxBytes * RAW_BYTES_PER_TEXT_BYTE, response.discard);
  const first = parseFetchUrl(requested).href;
  const redirect = hops.length > 0 ? `, redirected to ${url.href}` : '';
  const heading = `GET ${first} → ${response.status} ${response.statusText} (${contentType || 'no content type'}${redirect})`;
  const textual =
    /^text\/|json|xml|javascript|ecmascript|yaml|csv|markdown/i.test(contentType) || (contentType === '' && !looksBinary(raw.bytes.subarray(0, 8_192)));
  if (!textual) return `${heading}\n\n[binary content${raw.truncated ? '' : ` of ${formatBytes(raw.bytes.length)}`}; not shown]`;
  const decoded = decode(raw.bytes, contentType);
  const isHtml = /html/i.test(contentType) || (contentType === '' && /^\s*<(?:!doctype html|html)/i.test(decoded));
  const capped = capText(isHtml ? await htmlToText(decoded, url.href) : decoded, maxBytes);
  const marker =
    capped.truncated || raw.truncated
      ? `\n[… truncated at ${formatBytes(maxBytes)}; ask for a larger maxBytes (at most ${formatBytes(FETCH_MAX_BYTES)}) to read more …]`
      : '';
  return `${heading}\n\n${capped.text}${marker}`;
}
