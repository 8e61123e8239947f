import { createServer } from 'node:http';
import { type FakeModelServer, jsonBodyOf, listenAsModelServer, requestWaiters, writeEventStream } from './local-server';

/** A tool call the fake model makes (a `tool_use` block): Claude Code's `Write`, or an MCP tool (`mcp__autoloop__report`). */
export type AnthropicToolCall = Readonly<{ name: string; input: unknown }>;
/** Tokens as the Messages API reports them: uncached input, cache reads and writes, output. */
export type AnthropicUsage = Readonly<{ input: number; output: number; cacheRead?: number; cacheWrite?: number }>;
/** One answer: text, then tool calls, with its usage. */
export type AnthropicAnswer = Readonly<{ text?: string; toolCalls?: ReadonlyArray<AnthropicToolCall>; usage?: AnthropicUsage }>;

const DEFAULT_USAGE: AnthropicUsage = { input: 100, output: 20 };

const event = (name: string, value: Readonly<Record<string, unknown>>): string => `event: ${name}\ndata: ${JSON.stringify({ type: name, ...value })}\n\n`;

/**
 * Pure: the answer as the Messages API streams it: message_start (with the input usage), text and tool_use blocks,
 * message_delta (the output tokens), message_stop. `ids` names the message and its tool calls (an agent that keeps a
 * session needs them unique, as the real API's are).
 */
export function anthropicEvents(
  answer: AnthropicAnswer,
  model: string,
  ids: Readonly<{ message: string; toolUse: (index: number) => string }> = { message: 'msg_1', toolUse: (index) => `toolu_${index}` },
): string[] {
  const usage = answer.usage ?? DEFAULT_USAGE;
  const startUsage = {
    input_tokens: usage.input,
    output_tokens: 1,
    cache_read_input_tokens: usage.cacheRead ?? 0,
    cache_creation_input_tokens: usage.cacheWrite ?? 0,
  };
  const message = { id: ids.message, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: startUsage };
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
      event('content_block_start', { index, content_block: { type: 'tool_use', id: ids.toolUse(index), name: call.name, input: {} } }),
      event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(call.input) } }),
      event('content_block_stop', { index }),
    );
    index += 1;
  }
  const stop = answer.toolCalls?.length ? 'tool_use' : 'end_turn';
  events.push(event('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: usage.output } }), event('message_stop', {}));
  return events;
}

/** One scripted answer of an agent's turn (`hang`: the response starts and never ends, a turn to stop in the middle). */
export type AgentTurnAnswer = AnthropicAnswer & Readonly<{ hang?: boolean }>;

/** Usage as recorded: every count present (0 when the answer did not say). */
export type RecordedUsage = Required<AnthropicUsage>;

/** The server as the tests read it: the agent's turn requests, their usage, what else was asked. */
export type AgentAnthropicServer = FakeModelServer<RecordedUsage>;

/**
 * A fake Anthropic Messages API for an agent that calls it itself (Claude Code, through `ANTHROPIC_BASE_URL`):
 * requests that offer tools are the agent's turn and get the scripted answers in order (then "Nothing more is
 * scripted."); other requests get a short text and are counted apart. Message and tool-call ids are unique.
 * One copy for the core, runner and e2e tests.
 */
export async function startAgentAnthropicServer(answers: ReadonlyArray<AgentTurnAnswer>): Promise<AgentAnthropicServer> {
  const requests: Array<Record<string, unknown>> = [];
  const usages: RecordedUsage[] = [];
  const side: string[] = [];
  const waiters = requestWaiters();
  let messages = 0;
  const server = createServer((request, response) => {
    void (async () => {
      const body = await jsonBodyOf(request);
      const path = request.url ?? '/';
      if (request.method !== 'POST' || !path.startsWith('/v1/messages') || path.includes('count_tokens')) {
        side.push(`${request.method ?? 'GET'} ${path}`);
        return void response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      }
      const model = typeof body.model === 'string' ? body.model : 'claude-sonnet-4-5';
      const isTurn = Array.isArray(body.tools) && body.tools.length > 0;
      const answer: AgentTurnAnswer = isTurn ? (answers[requests.length] ?? { text: 'Nothing more is scripted.' }) : { text: 'ok' };
      const usage: RecordedUsage = { cacheRead: 0, cacheWrite: 0, ...DEFAULT_USAGE, ...answer.usage };
      if (isTurn) {
        requests.push(body);
        usages.push(usage);
      } else {
        side.push(`POST ${path} (${model})`);
      }
      waiters.arrived(requests.length);
      messages += 1;
      const events = anthropicEvents({ ...answer, usage }, model, { message: `msg_fake_${messages}`, toolUse: (index) => `toolu_fake_${messages}_${index}` });
      writeEventStream(response, events, answer.hang === true);
    })();
  });
  return listenAsModelServer(server, { requests, usages, side, waiters });
}
