import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { anthropicEvents } from '../../../testing/fake-agent-anthropic-server';
import { jsonBodyOf, listenLocally, writeEventStream } from '../../../testing/local-server';

/** One answer: text, then tool calls (each a `tool_use` block). */
export type FakeAnswer = Readonly<{ text?: string; toolCalls?: ReadonlyArray<Readonly<{ name: string; input: unknown }>> }>;

type Usage = Readonly<{ input: number; cacheRead: number; cacheWrite: number; output: number }>;

/** Every answer's message and tool-call ids (the caching measurements keep no session). */
const CACHING_IDS = { message: 'msg_fake', toolUse: (index: number) => `toolu_msg_fake_${index}` };

/**
 * A fake Anthropic Messages API (`POST /v1/messages`, streamed like the real one) that emulates
 * prompt caching as Anthropic documents it, so cache hits and costs can be measured without a key:
 *
 * - the prompt is read as blocks in Anthropic's cache order: tools, then system, then each content
 *   block of each message; a block's tokens are its JSON length / 4, `cache_control` left out;
 * - a block carrying `cache_control` is a breakpoint: the prefix ending there is written to the cache
 *   (`cache_creation_input_tokens`), unless it is shorter than `minCacheTokens` (1,024, as for Sonnet);
 * - `cache_read_input_tokens` is the longest prefix, ending at or before the request's last
 *   breakpoint, that an earlier request of the same run wrote (the same `x-api-key`: one key per run);
 * - `input_tokens` is the rest, as Anthropic reports it (uncached input only).
 *
 * Entries never expire (the real cache lives 5 minutes from its last use; a fast run never waits that long).
 */
export type CachingAnthropicServer = Readonly<{
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  /** Every request body, in order. */
  requests: Array<Record<string, unknown>>;
  /** What each call reported, in order. */
  usages: Usage[];
  close(): Promise<void>;
}>;

export type CachingAnthropicOptions = Readonly<{ minCacheTokens?: number }>;

type Block = Readonly<{ tokens: number; hash: string; breakpoint: boolean }>;

const tokensOf = (value: unknown): number => Math.ceil(JSON.stringify(value).length / 4);

function withoutCacheControl(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const { cache_control: _dropped, ...rest } = value as Record<string, unknown>;
  return rest;
}

const asBlocks = (value: unknown): unknown[] => (Array.isArray(value) ? value : typeof value === 'string' ? [{ type: 'text', text: value }] : []);

/** The request as blocks in cache order, each with the hash of the prefix it ends. */
export function promptBlocks(body: Readonly<Record<string, unknown>>): Block[] {
  const raw: unknown[] = [...asBlocks(body.tools), ...asBlocks(body.system)];
  for (const message of asBlocks(body.messages)) {
    const { role, content } = message as { role: unknown; content: unknown };
    for (const block of asBlocks(content)) raw.push({ role, block });
  }
  let hash = '';
  return raw.map((entry) => {
    const inner = typeof entry === 'object' && entry !== null && 'block' in entry ? entry.block : entry;
    const breakpoint = typeof inner === 'object' && inner !== null && 'cache_control' in inner;
    const stripped = inner === entry ? withoutCacheControl(entry) : { ...(entry as object), block: withoutCacheControl(inner) };
    hash = createHash('sha256').update(hash).update(JSON.stringify(stripped)).digest('hex');
    return { tokens: tokensOf(stripped), hash, breakpoint };
  });
}

/** What the cache does for one request: tokens read, written, not cached; it learns the request's breakpoints. */
export function cacheRequest(cache: Set<string>, blocks: ReadonlyArray<Block>, minCacheTokens: number) {
  const total = blocks.reduce((sum, block) => sum + block.tokens, 0);
  const lastBreakpoint = blocks.findLastIndex((block) => block.breakpoint);
  let prefix = 0;
  let read = 0;
  let written = 0;
  blocks.forEach((block, index) => {
    prefix += block.tokens;
    if (index > lastBreakpoint) return;
    if (cache.has(block.hash)) read = prefix;
    else if (block.breakpoint && prefix >= minCacheTokens) written = prefix;
  });
  for (const [index, block] of blocks.entries()) {
    if (block.breakpoint && index <= lastBreakpoint) cache.add(block.hash);
  }
  const write = Math.max(0, written - read);
  return { cacheRead: read, cacheWrite: write, input: total - read - write };
}

/** Starts the server on 127.0.0.1; it plays `replies` one per call, in a loop. */
export async function startCachingAnthropicServer(replies: ReadonlyArray<FakeAnswer>, options: CachingAnthropicOptions = {}): Promise<CachingAnthropicServer> {
  const minCacheTokens = options.minCacheTokens ?? 1_024;
  const caches = new Map<string, Set<string>>();
  const requests: Array<Record<string, unknown>> = [];
  const usages: Usage[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const body = await jsonBodyOf(request);
      if (request.method !== 'POST' || !(request.url ?? '').startsWith('/v1/messages')) return void response.writeHead(404).end('not found');
      const reply = replies[requests.length % replies.length];
      requests.push(body);
      if (!reply) return void response.writeHead(500).end('no reply scripted');
      const key = String(request.headers['x-api-key'] ?? '');
      const cache = caches.get(key) ?? new Set<string>();
      caches.set(key, cache);
      const usage: Usage = { ...cacheRequest(cache, promptBlocks(body), minCacheTokens), output: tokensOf(reply.text ?? '') + tokensOf(reply.toolCalls ?? []) };
      usages.push(usage);
      writeEventStream(response, anthropicEvents({ ...reply, usage }, typeof body.model === 'string' ? body.model : 'claude-sonnet-4-5', CACHING_IDS), false);
    })();
  });
  const { baseUrl, close } = await listenLocally(server);
  return {
    baseUrl,
    requests,
    usages,
    close,
  };
}
