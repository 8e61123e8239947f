import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../shared/protocol';
import { useFakeLlmServers } from '../agent/testing/fake-llm-server';
import { turnAgainst } from '../agent/testing/turn-harness';
import type { AnyAgentTool } from '../tools/agent-tool';
import { builtinTools } from '../tools/builtin-tools';
import { type McpServers, startMcpServers } from './mcp-servers';

const FIXTURE = resolve(import.meta.dirname, '..', '..', '..', 'e2e', 'fixtures', 'mcp-fixture-server.mjs');
const serve = useFakeLlmServers();

let servers: McpServers;
let tools: AnyAgentTool[];
/** Where the fixture's writing tool sits in the request's tools. */
let refusedAt: number;

beforeAll(async () => {
  const notices: string[] = [];
  servers = await startMcpServers([{ name: 'fix', transport: 'stdio', command: process.execPath, args: [FIXTURE] }], {
    workdir: mkdtempSync(join(tmpdir(), 'autoloop-mcp-refused-')),
    notice: (message) => notices.push(message),
  });
  tools = [...builtinTools(), ...servers.tools];
  refusedAt = tools.findIndex((tool) => tool.name === 'mcp__fix__write_note');
  if (refusedAt < 0) throw new Error(`the fixture server did not start: ${notices.join('\n')}`);
}, 30_000);

afterAll(async () => {
  await servers.close();
});

describe('a provider refusing an MCP tool of the request (real MCP server, real provider adapters over HTTP)', () => {
  it("names the server and tool of Anthropic's tools.N.custom.input_schema 400, by the order the tools were sent", async () => {
    const text = `tools.${refusedAt}.custom.input_schema: JSON schema is invalid. It must match JSON Schema draft 2020-12 (https://json-schema.org/draft/2020-12).`;
    const server = await serve([{ kind: 'error', status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: text } } }]);
    const spec: ModelSpec = { provider: 'anthropic', id: 'claude-sonnet-4-5', options: { providerName: 'anthropic', baseUrl: server.baseUrl } };
    const { result, events } = await turnAgainst(spec, { anthropic: 'sk-ant-test-key' }, { turn: { tools } });
    // The index the provider named is the tool the request really carried there.
    expect((server.requests[0]?.body.tools as Array<{ name: string }>)[refusedAt]?.name).toBe('mcp__fix__write_note');
    expect(server.calls()).toBe(1);
    const message = `The model provider refused the input schema of MCP tool write_note from server fix: ${text.slice(0, -1)}. Disable the server for this run or fix its schema.`;
    expect(result.failure).toEqual({
      kind: 'provider_error',
      signature: 'provider_error:anthropic:400:fix:write_note',
      message,
      provider: 'anthropic',
      status: 400,
    });
    expect(events.filter((event) => event.kind === 'error').map((event) => event.data)).toEqual([{ kind: 'provider_error', message, status: 400 }]);
  });

  it("names them from an OpenAI-compatible server's tools[N].function.parameters 400", async () => {
    const server = await serve([
      {
        kind: 'error',
        status: 400,
        body: {
          error: {
            message: 'Invalid schema: additionalProperties must be false',
            type: 'invalid_request_error',
            param: `tools[${refusedAt}].function.parameters`,
            code: null,
          },
        },
      },
    ]);
    const spec: ModelSpec = { provider: 'openai-compatible', id: 'test-model', options: { providerName: 'local', baseUrl: server.baseUrl } };
    const { result } = await turnAgainst(spec, { local: 'sk-local-test-key' }, { turn: { tools } });
    expect((server.requests[0]?.body.tools as Array<{ function: { name: string } }>)[refusedAt]?.function.name).toBe('mcp__fix__write_note');
    expect(result.failure?.message).toBe(
      'The model provider refused the input schema of MCP tool write_note from server fix: Invalid schema: additionalProperties must be false. Disable the server for this run or fix its schema.',
    );
  });
});
