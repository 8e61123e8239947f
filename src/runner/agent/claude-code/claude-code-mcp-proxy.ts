// The layer rule's `**/server/**` pattern meant src/server, not the MCP SDK's server entry points.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, type CallToolResult, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { messageOf } from '../../../shared/errors';
import type { AnyAgentTool, ToolContext } from '../../tools/agent-tool';

/** One proxy as the Agent SDK's `mcpServers` option takes an in-process server. */
export type ClaudeCodeMcpProxy = Readonly<{ type: 'sdk'; name: string; instance: McpServer }>;

export type ClaudeCodeMcpProxyDeps = Readonly<{
  /** The run's MCP tools (`mcp__<server>__<tool>`, each with its server's JSON Schema), as the runner started them. */
  tools: ReadonlyArray<AnyAgentTool>;
  /** The iteration's tool context (its signal ends a call when the iteration is stopped). */
  context: ToolContext;
  /** The permission gate's word on a call about to run: null when allowed, else the denial the tool answers with. */
  authorize(tool: AnyAgentTool, input: Readonly<Record<string, unknown>>): Promise<string | null>;
}>;

/** Calls of the run's MCP tools that `canUseTool` allowed and that have not run yet, counted per tool name. */
export type McpCallPermits = Readonly<{
  /** `canUseTool` allowed one call of this tool. */
  grant(tool: string): void;
  /** Uses up one allowed call of this tool: false when there is none (the call was never put to the gate). */
  take(tool: string): boolean;
}>;

export function createMcpCallPermits(): McpCallPermits {
  const allowed = new Map<string, number>();
  return {
    grant: (tool) => allowed.set(tool, (allowed.get(tool) ?? 0) + 1),
    take(tool) {
      const left = allowed.get(tool) ?? 0;
      if (left === 0) return false;
      allowed.set(tool, left - 1);
      return true;
    },
  };
}

const failed = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });

/**
 * One MCP server of the run as an agent's MCP client sees it, served from the runner: its tools with their own JSON
 * Schemas and read-only marks, each call through `authorize` (the permission gate) and the runner's client, whose result
 * is capped like the own agent's. A failed call (server down, timeout, tool error, a denial) answers with a tool error.
 * Used by Claude Code's in-process proxies and by Codex's MCP bridge (one instance per Codex connection).
 */
export function mcpProxyServer(
  server: string,
  tools: ReadonlyArray<AnyAgentTool>,
  deps: Readonly<{ context: () => ToolContext; authorize: ClaudeCodeMcpProxyDeps['authorize'] }>,
): McpServer {
  const byTool = new Map(tools.map((tool) => [tool.mcp?.tool ?? tool.name, tool]));
  const instance = new McpServer({ name: server, version: '1.0.0' }, { capabilities: { tools: {} } });
  // The low-level handlers take the server's JSON Schema as it is: no round trip through zod.
  instance.server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map((tool) => ({
      name: tool.mcp?.tool ?? tool.name,
      description: tool.description,
      inputSchema: (tool.jsonSchema ?? { type: 'object' }) as { type: 'object' },
      annotations: { readOnlyHint: tool.effect === 'read' },
      // Offered in every request, as Autoloop's own agent offers them, never deferred behind Claude Code's tool search.
      _meta: { 'anthropic/alwaysLoad': true },
    })),
  }));
  instance.server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const tool = byTool.get(request.params.name);
    if (tool === undefined) return failed(`MCP server "${server}" has no tool ${request.params.name.slice(0, 100)}`);
    const input = request.params.arguments ?? {};
    try {
      const context = deps.context();
      const refused = await deps.authorize(tool, input);
      if (refused !== null) return failed(refused);
      return { content: [{ type: 'text', text: await tool.execute(input, context) }] };
    } catch (error) {
      return failed(messageOf(error));
    }
  });
  return instance;
}

/** The run's MCP tools grouped by their server, in the order the runner listed them. */
export function mcpToolsByServer(tools: ReadonlyArray<AnyAgentTool>): Map<string, AnyAgentTool[]> {
  const byServer = new Map<string, AnyAgentTool[]>();
  for (const tool of tools) {
    if (tool.mcp === undefined) continue;
    byServer.set(tool.mcp.server, [...(byServer.get(tool.mcp.server) ?? []), tool]);
  }
  return byServer;
}

/**
 * The run's MCP servers as Claude Code sees them (issue 22): one in-process MCP server per server of the run, named
 * like it, so Claude Code calls `mcp__<server>__<tool>`. The servers themselves run in the runner (stdio ones in its
 * process group and sandbox); each proxy is an `mcpProxyServer`.
 */
export function claudeCodeMcpProxies(deps: ClaudeCodeMcpProxyDeps): Record<string, ClaudeCodeMcpProxy> {
  const proxies: Record<string, ClaudeCodeMcpProxy> = {};
  for (const [server, tools] of mcpToolsByServer(deps.tools)) {
    proxies[server] = { type: 'sdk', name: server, instance: mcpProxyServer(server, tools, { context: () => deps.context, authorize: deps.authorize }) };
  }
  return proxies;
}
