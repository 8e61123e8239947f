import { createHash } from 'node:crypto';
import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer: text, then tool calls (each a `tool_use` block). */
export type FakeAnswer = Readonly<{ text?: string; toolCalls?: ReadonlyArray<Readonly<{ name: string; input: unknown }>> }>;

type Usage = Readonly<{ input: number; cacheRead: number; cacheWrite: number; output: number }>;

const event = (name: string, value: Readonly<Record<string, unknown>>): string => `event: ${name}\ndata: ${JSON.stringify({ type: name, ...value })}\n\n`;

/** The answer as the Messages API streams it: message_start (with the input usage), content blocks, message_delta (output usage). */
function messageEvents(answer: FakeAnswer, usage: Usage, model: string, id = 'msg_fake'): string[] {
  const startUsage = { input_tokens: usage.input, output_tokens: 1, cache_read_input_tokens: usage.cacheRead, cache_creation_input_tokens: usage.cacheWrite };
  const message = { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: startUsage };
  const events = [event('message_start', { message })];
  let index = 0;
  if (answer.text) {
    events.push(event('content_block_start', { index, content_block: { type: 'text', text: '' } }));
    for (const word of answer.text.match(/\S+\s*|\s+/g) ?? []) events.push(event('content_block_delta', { index, delta: { type: 'text_delta', text: word } }));
    events.push(event('content_block_stop', { index }));
    index += 1;
  }
  for (const call of answer.toolCalls ?? []) {
    events.push(
      event('content_block_start', { index, content_block: { type: 'tool_use', id: `toolu_${id}_${index}`, name: call.name, input: {} } }),
      event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(call.input) } }),
      event('content_block_stop', { index }),
    );
    index += 1;
  }
  const stop = answer.toolCalls?.length ? 'tool_use' : 'end_turn';
  events.push(event('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: usage.output } }), event('message_stop', {}));
  return events;
}

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

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Starts the server on 127.0.0.1; it plays `replies` one per call, in a loop. */
export async function startCachingAnthropicServer(replies: ReadonlyArray<FakeAnswer>, options: CachingAnthropicOptions = {}): Promise<CachingAnthropicServer> {
  const minCacheTokens = options.minCacheTokens ?? 1_024;
  const caches = new Map<string, Set<string>>();
  const requests: Array<Record<string, unknown>> = [];
  const usages: Usage[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const body = await bodyOf(request);
      if (request.method !== 'POST' || !(request.url ?? '').startsWith('/v1/messages')) return void response.writeHead(404).end('not found');
      const reply = replies[requests.length % replies.length];
      requests.push(body);
      if (!reply) return void response.writeHead(500).end('no reply scripted');
      const key = String(request.headers['x-api-key'] ?? '');
      const cache = caches.get(key) ?? new Set<string>();
      caches.set(key, cache);
      const usage: Usage = { ...cacheRequest(cache, promptBlocks(body), minCacheTokens), output: tokensOf(reply.text ?? '') + tokensOf(reply.toolCalls ?? []) };
      usages.push(usage);
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const chunk of messageEvents(reply, usage, typeof body.model === 'string' ? body.model : 'claude-sonnet-4-5')) response.write(chunk);
      response.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    usages,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One scripted answer of an agent's turn (`hang`: the response starts and never ends, a turn to stop in the middle). */
export type AgentTurnAnswer = FakeAnswer & Readonly<{ usage?: Partial<Usage>; hang?: boolean }>;

/** A fake Messages API for an agent that calls it itself (Claude Code through `ANTHROPIC_BASE_URL`). */
export type AgentAnthropicServer = Readonly<{
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  /** The bodies of the agent's turn requests, in order. */
  requests: Array<Record<string, unknown>>;
  /** What each turn request reported, in order. */
  usages: Usage[];
  /** Everything else that was asked of it (a title, a token count, another path). */
  sideRequests: string[];
  close(): Promise<void>;
}>;

/**
 * Requests that offer tools are the agent's turn and get `answers` in order (then "Nothing more is scripted."); other
 * requests get a short text and are listed apart. Message and tool-call ids are unique, as the real API's are.
 */
export async function startAgentAnthropicServer(answers: ReadonlyArray<AgentTurnAnswer>): Promise<AgentAnthropicServer> {
  const requests: Array<Record<string, unknown>> = [];
  const usages: Usage[] = [];
  const sideRequests: string[] = [];
  let messages = 0;
  const server = createServer((request, response) => {
    void (async () => {
      const body = await bodyOf(request);
      const path = request.url ?? '/';
      if (request.method !== 'POST' || !path.startsWith('/v1/messages') || path.includes('count_tokens')) {
        sideRequests.push(`${request.method ?? 'GET'} ${path}`);
        return void response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      }
      const model = typeof body.model === 'string' ? body.model : 'claude-sonnet-4-5';
      const isTurn = Array.isArray(body.tools) && body.tools.length > 0;
      const answer: AgentTurnAnswer = isTurn ? (answers[requests.length] ?? { text: 'Nothing more is scripted.' }) : { text: 'ok' };
      const usage: Usage = { input: 100, cacheRead: 0, cacheWrite: 0, output: 20, ...answer.usage };
      if (isTurn) {
        requests.push(body);
        usages.push(usage);
      } else sideRequests.push(`POST ${path} (${model})`);
      messages += 1;
      const events = messageEvents(answer, usage, model, `msg_fake_${messages}`);
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      if (answer.hang) return void response.write(events[0]);
      for (const chunk of events) response.write(chunk);
      response.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    usages,
    sideRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
