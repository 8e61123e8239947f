import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { afterEach } from 'vitest';
import { anthropicEvents } from '../../../testing/fake-agent-anthropic-server';
import { jsonBodyOf, listenLocally, writeEventStream } from '../../../testing/local-server';

/** A tool call as a fake provider streams it. */
export type FakeToolCall = Readonly<{ name: string; input: unknown }>;

/** One answer of the fake provider, in the wire format of the API the request came in on. */
export type FakeReply =
  | Readonly<{ kind: 'answer'; text?: string; toolCalls?: ReadonlyArray<FakeToolCall>; usage?: FakeUsage }>
  | Readonly<{ kind: 'error'; status: number; body: unknown; headers?: Readonly<Record<string, string>> }>
  /** Sends headers and then nothing, for first-chunk timeouts. */
  | Readonly<{ kind: 'hang' }>
  /** Answers 200, starts the Anthropic message, then sends an `error` event before any content. */
  | Readonly<{ kind: 'stream-error'; error: Readonly<{ type: string; message: string }> }>;

export type FakeUsage = Readonly<{ input: number; output: number; cacheRead?: number; cacheWrite?: number }>;

export type RecordedRequest = Readonly<{ method: string; path: string; headers: IncomingMessage['headers']; body: Record<string, unknown> }>;

export type FakeLlmServer = Readonly<{
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Model calls only (POSTs), not `GET /models`. */
  calls(): number;
  close(): Promise<void>;
}>;

const DEFAULT_USAGE: FakeUsage = { input: 100, output: 20 };

const sse = (response: ServerResponse, chunks: ReadonlyArray<string>): void => writeEventStream(response, chunks, false);
const data = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;
const event = (name: string, value: unknown): string => `event: ${name}\ndata: ${JSON.stringify(value)}\n\n`;

/** Chat completions chunks: text deltas, streamed `tool_calls` deltas in two halves, then a usage-only chunk. */
function openAiChunks(reply: Extract<FakeReply, { kind: 'answer' }>, model: string): string[] {
  const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model };
  const choice = (delta: unknown, finish: string | null = null): string => data({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
  const chunks = [choice({ role: 'assistant', content: '' })];
  for (const word of reply.text?.match(/\S+\s*|\s+/g) ?? []) chunks.push(choice({ content: word }));
  (reply.toolCalls ?? []).forEach((call, index) => {
    const args = JSON.stringify(call.input);
    const half = Math.ceil(args.length / 2);
    chunks.push(choice({ tool_calls: [{ index, id: `call_${index}`, type: 'function', function: { name: call.name, arguments: args.slice(0, half) } }] }));
    chunks.push(choice({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] }));
  });
  chunks.push(choice({}, reply.toolCalls?.length ? 'tool_calls' : 'stop'));
  const usage = reply.usage ?? DEFAULT_USAGE;
  chunks.push(
    data({
      ...base,
      choices: [],
      usage: {
        prompt_tokens: usage.input,
        completion_tokens: usage.output,
        total_tokens: usage.input + usage.output,
        prompt_tokens_details: { cached_tokens: usage.cacheRead ?? 0 },
      },
    }),
    'data: [DONE]\n\n',
  );
  return chunks;
}

function openAiCompletion(reply: Extract<FakeReply, { kind: 'answer' }>, model: string): unknown {
  const usage = reply.usage ?? DEFAULT_USAGE;
  return {
    id: 'chatcmpl-2',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: reply.text ?? '' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
  };
}

/**
 * A real HTTP server on 127.0.0.1 that speaks OpenAI chat completions (`POST /v1/chat/completions`,
 * streamed or not), Anthropic Messages (`POST /v1/messages`) and `GET /v1/models`. It plays `replies`
 * one per model call; the last one repeats.
 */
export async function startFakeLlmServer(replies: ReadonlyArray<FakeReply>, models: ReadonlyArray<string> = ['test-model']): Promise<FakeLlmServer> {
  const requests: RecordedRequest[] = [];
  let calls = 0;
  const server = createServer((request, response) => {
    void (async () => {
      const body = await jsonBodyOf(request);
      const path = request.url ?? '/';
      requests.push({ method: request.method ?? 'GET', path, headers: request.headers, body });
      if (request.method === 'GET' && path.startsWith('/v1/models')) {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ object: 'list', data: models.map((id) => ({ id, object: 'model' })) }));
        return;
      }
      const reply = replies[Math.min(calls, replies.length - 1)];
      calls += 1;
      const model = typeof body.model === 'string' ? body.model : 'test-model';
      if (!reply) return void response.writeHead(500).end('no reply scripted');
      if (reply.kind === 'hang') return void response.writeHead(200, { 'content-type': 'text/event-stream' }).flushHeaders();
      if (reply.kind === 'stream-error') {
        const start = anthropicEvents({}, model)[0] ?? '';
        return sse(response, [start, event('error', { type: 'error', error: reply.error })]);
      }
      if (reply.kind === 'error') {
        response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.body));
        return;
      }
      if (path.startsWith('/v1/messages')) return sse(response, anthropicEvents(reply, model));
      if (body.stream === true) return sse(response, openAiChunks(reply, model));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(openAiCompletion(reply, model)));
    })();
  });
  const { baseUrl, close } = await listenLocally(server);
  return {
    baseUrl,
    requests,
    calls: () => calls,
    close,
  };
}

/** An OpenAI-style error body. */
export function openAiError(message: string, type: string, code: string | null = null): unknown {
  return { error: { message, type, param: null, code } };
}

/** Starts fake servers for one test file's tests and closes each after its test. */
export function useFakeLlmServers(): (replies: FakeReply[]) => Promise<FakeLlmServer> {
  const servers: FakeLlmServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (replies) => {
    const server = await startFakeLlmServer(replies);
    servers.push(server);
    return server;
  };
}
