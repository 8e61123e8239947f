import { type IncomingHttpHeaders, createServer } from 'node:http';
import { listenLocally } from '../../../testing/local-server';

/** One streamed chat completion: text, tool calls, and the usage chunk that ends it. */
export type FakeCompletion = Readonly<{
  /** Answer this HTTP error (status and JSON body) instead of a stream. */
  error?: Readonly<{ status: number; body: unknown }>;
  text?: string;
  toolCalls?: ReadonlyArray<Readonly<{ name: string; input: unknown }>>;
  usage?: Readonly<{ input: number; output: number }>;
}>;

export type FakeOpenAiServer = Readonly<{
  baseUrl: string;
  /** The Authorization header, parsed body and arrival time (`performance.now()`) of every chat completion request. */
  calls: Array<Readonly<{ authorization: IncomingHttpHeaders['authorization']; body: Record<string, unknown>; at: number }>>;
  close(): Promise<void>;
}>;

const chunk = (delta: unknown, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-e2e', object: 'chat.completion.chunk', created: 1, model: 'test-model', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

function streamOf(completion: FakeCompletion): string[] {
  const parts = [chunk({ role: 'assistant', content: '' })];
  for (const word of completion.text?.match(/\S+\s*|\s+/g) ?? []) parts.push(chunk({ content: word }));
  (completion.toolCalls ?? []).forEach((call, index) => {
    parts.push(chunk({ tool_calls: [{ index, id: `call_${index}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.input) } }] }));
  });
  parts.push(chunk({}, completion.toolCalls?.length ? 'tool_calls' : 'stop'));
  const usage = completion.usage ?? { input: 1_000, output: 50 };
  const usageChunk = {
    id: 'chatcmpl-e2e',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'test-model',
    choices: [],
    usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
  };
  parts.push(`data: ${JSON.stringify(usageChunk)}\n\n`, 'data: [DONE]\n\n');
  return parts;
}

/** Picks the completion for a request from its parsed body, for servers many conversations share. */
export type CompletionFor = (body: Record<string, unknown>) => FakeCompletion;

/**
 * A local OpenAI-compatible server (DESIGN §12: the HTTP providers are tested against one): it
 * streams `completions` in order, one per chat request (the last repeats), or what `completions`
 * picks for each request, and lists `test-model`.
 */
export async function startFakeOpenAiServer(completions: ReadonlyArray<FakeCompletion> | CompletionFor): Promise<FakeOpenAiServer> {
  const calls: Array<{ authorization: IncomingHttpHeaders['authorization']; body: Record<string, unknown>; at: number }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (data: Buffer) => chunks.push(data));
    request.on('end', () => {
      if (request.method === 'GET' && request.url === '/v1/models') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'test-model', object: 'model' }] }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const completion = typeof completions === 'function' ? completions(body) : (completions[Math.min(calls.length, completions.length - 1)] ?? {});
      calls.push({ authorization: request.headers.authorization, body, at: performance.now() });
      if (completion.error) {
        response.writeHead(completion.error.status, { 'content-type': 'application/json' }).end(JSON.stringify(completion.error.body));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const part of streamOf(completion)) response.write(part);
      response.end();
    });
  });
  const { baseUrl, close } = await listenLocally(server);
  return {
    baseUrl,
    calls,
    close,
  };
}
