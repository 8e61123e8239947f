import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeReply, type FakeToolCall, type FakeUsage, anthropicEvents } from './fake-llm-server';

/** One scripted answer of the agent's turn; `hang` starts the response and never ends it (a turn to stop in the middle). */
export type AgentAnswer = Readonly<{ text?: string; toolCalls?: ReadonlyArray<FakeToolCall>; usage?: FakeUsage; hang?: boolean }>;

export type FakeAgentServer = Readonly<{
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  /** The bodies of the agent's turn requests, in order. */
  requests: Array<Record<string, unknown>>;
  /** What each turn request reported, in order. */
  usages: FakeUsage[];
  /** Requests that were not the agent's turn (a title, a quota probe), and any path other than the Messages API. */
  sideRequests(): ReadonlyArray<string>;
  /** Resolves when the nth turn request (1-based) has arrived. */
  waitForRequest(n: number): Promise<void>;
  close(): Promise<void>;
}>;

const DEFAULT_USAGE: FakeUsage = { input: 100, output: 20 };

/**
 * A fake Anthropic Messages API for an agent that calls it itself (Claude Code, through `ANTHROPIC_BASE_URL`):
 * requests that offer tools are the agent's turn and get the scripted answers in order (then "Nothing more is
 * scripted."); other requests get a short text and are counted apart. Message and tool-call ids are unique.
 */
export async function startFakeAgentServer(answers: ReadonlyArray<AgentAnswer>): Promise<FakeAgentServer> {
  const requests: Array<Record<string, unknown>> = [];
  const usages: FakeUsage[] = [];
  const side: string[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let messages = 0;
  const server = createServer((request, response) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      const path = request.url ?? '/';
      if (request.method !== 'POST' || !path.startsWith('/v1/messages') || path.includes('count_tokens')) {
        side.push(`${request.method ?? 'GET'} ${path}`);
        return void response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      }
      const model = typeof body.model === 'string' ? body.model : 'claude-sonnet-4-5';
      const isTurn = Array.isArray(body.tools) && body.tools.length > 0;
      const answer: AgentAnswer = isTurn ? (answers[requests.length] ?? { text: 'Nothing more is scripted.' }) : { text: 'ok' };
      if (isTurn) {
        requests.push(body);
        usages.push(answer.usage ?? DEFAULT_USAGE);
      } else {
        side.push(`POST ${path} (${model})`);
      }
      for (const waiter of waiters.filter((candidate) => candidate.n <= requests.length)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      messages += 1;
      const reply: Extract<FakeReply, { kind: 'answer' }> = { kind: 'answer', ...answer, usage: answer.usage ?? DEFAULT_USAGE };
      const events = anthropicEvents(reply, model, { message: `msg_fake_${messages}`, toolUse: (index) => `toolu_fake_${messages}_${index}` });
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      if (answer.hang) return void response.write(events[0]);
      for (const event of events) response.write(event);
      response.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    usages,
    sideRequests: () => side,
    waitForRequest: (n) => new Promise<void>((resolve) => (requests.length >= n ? resolve() : waiters.push({ n, resolve }))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
