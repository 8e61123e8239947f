import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnyAgentTool, ToolContext } from '../../tools/agent-tool';
import { claudeCodeMcpProxies, createMcpCallPermits } from './claude-code-mcp-proxy';

// A schema zod could not round-trip as it is: a local $ref into $defs and an anyOf.
const NOTE_SCHEMA = {
  type: 'object',
  properties: { note: { $ref: '#/$defs/note' }, mode: { anyOf: [{ const: 'a' }, { const: 'b' }] } },
  required: ['note'],
  $defs: { note: { type: 'object', properties: { text: { type: 'string', maxLength: 10 } } } },
};

function mcpTool(server: string, tool: string, effect: 'read' | 'execute', execute: AnyAgentTool['execute']): AnyAgentTool {
  return {
    name: `mcp__${server}__${tool}`,
    description: `[MCP server "${server}"] ${tool}`,
    inputSchema: z.record(z.string(), z.unknown()),
    jsonSchema: NOTE_SCHEMA,
    effect,
    mcp: { server, tool },
    summarize: () => tool,
    execute,
  };
}

const context: ToolContext = {
  workdir: '/w',
  outputDir: '/o',
  iteration: 1,
  signal: new AbortController().signal,
  outcome: { reportedSummary: null, completion: null },
};
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function connect(proxy: { instance: { connect(transport: InMemoryTransport): Promise<void> } }): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await proxy.instance.connect(serverSide);
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(clientSide);
  clients.push(client);
  return client;
}

describe('the MCP proxies a Claude Code run offers', () => {
  it('makes one proxy per server, listing its tools with their own JSON Schema and read-only mark, always loaded', async () => {
    const proxies = claudeCodeMcpProxies({
      tools: [
        mcpTool('fix', 'read_note', 'read', () => Promise.resolve('read')),
        mcpTool('fix', 'write_note', 'execute', () => Promise.resolve('wrote')),
        mcpTool('docs', 'search', 'read', () => Promise.resolve('found')),
      ],
      context,
      authorize: () => Promise.resolve(null),
    });
    expect(Object.keys(proxies).sort()).toEqual(['docs', 'fix']);
    expect(proxies.fix).toMatchObject({ type: 'sdk', name: 'fix' });
    const listed = await (await connect(proxies.fix as NonNullable<typeof proxies.fix>)).listTools();
    expect(listed.tools).toEqual([
      {
        name: 'read_note',
        description: '[MCP server "fix"] read_note',
        inputSchema: NOTE_SCHEMA,
        annotations: { readOnlyHint: true },
        _meta: { 'anthropic/alwaysLoad': true },
      },
      expect.objectContaining({ name: 'write_note', inputSchema: NOTE_SCHEMA, annotations: { readOnlyHint: false } }),
    ]);
  });

  it('runs a call only when the gate allows it; a refusal, an unknown tool and a failing call are tool errors', async () => {
    const ran: unknown[] = [];
    const asked: string[] = [];
    const proxies = claudeCodeMcpProxies({
      tools: [
        mcpTool('fix', 'read_note', 'read', (input) => {
          ran.push(input);
          return Promise.resolve('note a');
        }),
        mcpTool('fix', 'write_note', 'execute', () => Promise.reject(new Error('the server should never see this call'))),
        mcpTool('fix', 'broken', 'read', () => Promise.reject(new Error('MCP server "fix", tool broken: timed out after 1 s'))),
      ],
      context,
      authorize: (tool) => {
        asked.push(tool.name);
        return Promise.resolve(tool.effect === 'read' ? null : "denied by the run's permissions (read-only): write_note");
      },
    });
    const client = await connect(proxies.fix as NonNullable<typeof proxies.fix>);
    expect(await client.callTool({ name: 'read_note', arguments: { note: { text: 'a' } } })).toEqual({ content: [{ type: 'text', text: 'note a' }] });
    expect(ran).toEqual([{ note: { text: 'a' } }]);
    expect(await client.callTool({ name: 'write_note', arguments: {} })).toEqual({
      content: [{ type: 'text', text: "denied by the run's permissions (read-only): write_note" }],
      isError: true,
    });
    expect(await client.callTool({ name: 'broken', arguments: {} })).toEqual({
      content: [{ type: 'text', text: 'MCP server "fix", tool broken: timed out after 1 s' }],
      isError: true,
    });
    expect(await client.callTool({ name: 'nope', arguments: {} })).toEqual({
      content: [{ type: 'text', text: 'MCP server "fix" has no tool nope' }],
      isError: true,
    });
    expect(asked).toEqual(['mcp__fix__read_note', 'mcp__fix__write_note', 'mcp__fix__broken']);
  });

  it('counts the calls canUseTool allowed, per tool, each used once', () => {
    const permits = createMcpCallPermits();
    expect(permits.take('mcp__fix__read_note')).toBe(false);
    permits.grant('mcp__fix__read_note');
    permits.grant('mcp__fix__read_note');
    expect(permits.take('mcp__fix__write_note')).toBe(false);
    expect([permits.take('mcp__fix__read_note'), permits.take('mcp__fix__read_note'), permits.take('mcp__fix__read_note')]).toEqual([true, true, false]);
  });
});
