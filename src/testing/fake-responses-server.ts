import { createServer } from 'node:http';
import { type FakeModelServer, jsonBodyOf, listenAsModelServer, requestWaiters, writeEventStream } from './local-server';

/**
 * A call the fake model makes: a function (Codex's `exec_command`, an MCP tool such as `mcp__autoloop__report`) with
 * JSON arguments, or a custom tool with free text (Codex's `apply_patch`: `{ name: 'apply_patch', input: '*** Begin Patch…' }`).
 */
export type ResponsesCall = Readonly<{ name: string; arguments: unknown } | { name: string; input: string }>;
export type ResponsesUsage = Readonly<{ input: number; cached?: number; output: number; reasoning?: number }>;

/** One scripted answer: text, function calls or both, with its usage; `hang` starts the stream and never ends it. */
export type ResponsesAnswer = Readonly<{
  text?: string;
  calls?: ReadonlyArray<ResponsesCall>;
  usage?: ResponsesUsage;
  hang?: boolean;
  /** An HTTP error instead of a stream (401: the key is refused), with the API's error body. */
  status?: number;
}>;

/** The server as the tests read it: the agent's turn requests, their usage, what else was asked. */
export type FakeResponsesServer = FakeModelServer<ResponsesUsage>;

const DEFAULT_USAGE: ResponsesUsage = { input: 100, output: 20 };

const sse = (event: Record<string, unknown>): string => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;

/** Pure: the streamed events of one answer, as the Responses API sends them. */
export function responsesEvents(answer: ResponsesAnswer, model: string, id: string): string[] {
  const usage = answer.usage ?? DEFAULT_USAGE;
  const response = { id, object: 'response', created_at: 0, model, status: 'in_progress', output: [] as unknown[] };
  const events: string[] = [sse({ type: 'response.created', response })];
  const output: unknown[] = [];
  let index = 0;
  if (answer.text) {
    const item = {
      type: 'message',
      id: `${id}_msg`,
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: answer.text, annotations: [] }],
    };
    events.push(sse({ type: 'response.output_item.added', output_index: index, item: { ...item, status: 'in_progress', content: [] } }));
    events.push(sse({ type: 'response.output_text.delta', output_index: index, item_id: item.id, content_index: 0, delta: answer.text }));
    events.push(sse({ type: 'response.output_item.done', output_index: index, item }));
    output.push(item);
    index += 1;
  }
  for (const [n, call] of (answer.calls ?? []).entries()) {
    if ('input' in call) {
      const item = { type: 'custom_tool_call', id: `${id}_ct${n}`, call_id: `call_${id}_${n}`, name: call.name, input: call.input, status: 'completed' };
      events.push(sse({ type: 'response.output_item.added', output_index: index, item: { ...item, input: '', status: 'in_progress' } }));
      events.push(sse({ type: 'response.output_item.done', output_index: index, item }));
      output.push(item);
      index += 1;
      continue;
    }
    // An MCP tool is offered in a namespace (`mcp__autoloop` holding `report`): the call names both.
    const namespaced = /^(mcp__[^_]+(?:_[^_]+)*)__(.+)$/.exec(call.name);
    const item = {
      type: 'function_call',
      id: `${id}_fc${n}`,
      call_id: `call_${id}_${n}`,
      ...(namespaced ? { namespace: namespaced[1], name: namespaced[2] } : { name: call.name }),
      arguments: JSON.stringify(call.arguments),
      status: 'completed',
    };
    events.push(sse({ type: 'response.output_item.added', output_index: index, item: { ...item, arguments: '', status: 'in_progress' } }));
    events.push(sse({ type: 'response.output_item.done', output_index: index, item }));
    output.push(item);
    index += 1;
  }
  events.push(
    sse({
      type: 'response.completed',
      response: {
        ...response,
        status: 'completed',
        output,
        usage: {
          input_tokens: usage.input,
          input_tokens_details: { cached_tokens: usage.cached ?? 0 },
          output_tokens: usage.output,
          output_tokens_details: { reasoning_tokens: usage.reasoning ?? 0 },
          total_tokens: usage.input + usage.output,
        },
      },
    }),
  );
  return events;
}

/**
 * A fake OpenAI Responses API for an agent that calls it itself (Codex, through its provider's base URL): each
 * `POST /v1/responses` gets the next scripted answer (then "Nothing more is scripted."), streamed as SSE.
 */
export async function startFakeResponsesServer(answers: ReadonlyArray<ResponsesAnswer>): Promise<FakeResponsesServer> {
  const requests: Array<Record<string, unknown>> = [];
  const usages: ResponsesUsage[] = [];
  const side: string[] = [];
  const waiters = requestWaiters();
  const server = createServer((request, response) => {
    void (async () => {
      const body = await jsonBodyOf(request);
      const path = request.url ?? '/';
      if (request.method !== 'POST' || !path.startsWith('/v1/responses')) {
        side.push(`${request.method ?? 'GET'} ${path}`);
        return void response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      }
      const answer = answers[requests.length] ?? { text: 'Nothing more is scripted.' };
      requests.push(body);
      if (!answer.hang && answer.status === undefined) usages.push(answer.usage ?? DEFAULT_USAGE);
      waiters.arrived(requests.length);
      if (answer.status !== undefined) {
        const error = {
          message: answer.status === 401 ? 'Incorrect API key provided.' : 'scripted error',
          type: 'invalid_request_error',
          code: answer.status === 401 ? 'invalid_api_key' : null,
        };
        return void response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));
      }
      const model = typeof body.model === 'string' ? body.model : 'gpt-5';
      const events = responsesEvents(answer, model, `resp_${requests.length}`);
      writeEventStream(response, events, answer.hang === true);
    })();
  });
  return listenAsModelServer(server, { requests, usages, side, waiters });
}
