import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { z } from 'zod';
import { MCP_DEFAULT_CALL_TIMEOUT_MS, type McpServerLaunch, mcpToolName } from '../../shared/mcp';
import { messageOf } from '../../shared/errors';
import { mcpToolEffect } from '../../shared/profile-action';
import type { Failure } from '../../shared/protocol';
import type { CommandLauncher } from '../sandbox/command-launcher';
import type { AnyAgentTool } from '../tools/agent-tool';
import { bashEnvironment } from '../tools/bash';
import { capText } from '../tools/web-fetch';
import { SandboxedStdioTransport } from './stdio-transport';
import { mcpSchemaProblem } from './tool-schema';

/** How long a server has to start, answer `initialize` and list its tools. */
export const MCP_START_TIMEOUT_MS = 30_000;
/** The most text one tool result gives the model. */
export const MCP_RESULT_MAX_BYTES = 100 * 1024;
/** The most tools one server may offer the model; more are left out with a notice. */
const MAX_TOOLS_PER_SERVER = 100;
/** Providers accept tool names of letters, digits, `_` and `-`, at most 64 characters. */
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const DESCRIPTION_MAX_CHARS = 2_000;

/** One server of the run, as it went. */
type ServerState = {
  readonly name: string;
  client: Client | null;
  transport: Transport | null;
  /** Why it is not usable (failed to start, exited), or null while it runs. */
  down: string | null;
};

export type McpServersOptions = Readonly<{
  workdir: string;
  launcher?: CommandLauncher;
  /** The runner's environment, for a server started outside a sandbox (only the tool allowlist passes). */
  env?: Readonly<Record<string, string | undefined>>;
  /** A line for the run's log (a server that failed to start, exited, or sent what it should not). */
  notice(message: string): void;
  /** Per server name: how long one of its calls may take. */
  callTimeoutMs?: (server: string) => number;
  /** How long a server has to start and list its tools (tests: shorter). */
  startTimeoutMs?: number;
}>;

export type McpServers = Readonly<{
  /** Every tool of every server that started, named `mcp__<server>__<tool>`. */
  tools: ReadonlyArray<AnyAgentTool>;
  /** The typed failure of an iteration when every server of the run is down (none of its MCP tools can work), else null. */
  unavailable(): Failure | null;
  /** Stops the stdio servers and closes the HTTP connections. */
  close(): Promise<void>;
}>;

function transportFor(launch: McpServerLaunch, prepared: Awaited<ReturnType<CommandLauncher['prepare']>> | null, workdir: string): Transport {
  if (launch.transport === 'http') {
    return new StreamableHTTPClientTransport(new URL(launch.url ?? ''), { requestInit: { headers: { ...launch.headers } } });
  }
  if (prepared === null) throw new Error('no command');
  return new SandboxedStdioTransport(prepared, workdir);
}

/** The tool result's content as text for the model: text parts as they are, other parts named. */
function resultText(result: Readonly<Record<string, unknown>>): string {
  const content = Array.isArray(result.content) ? (result.content as Array<Record<string, unknown>>) : [];
  const parts = content.map((part) => {
    if (part.type === 'text' && typeof part.text === 'string') return part.text;
    if (part.type === 'resource' && typeof part.resource === 'object' && part.resource !== null) {
      const resource = part.resource as Record<string, unknown>;
      return typeof resource.text === 'string' ? resource.text : `[resource ${String(resource.uri)}]`;
    }
    if (part.type === 'resource_link') return `[resource ${String(part.uri)}]`;
    return `[${String(part.type)} content; not shown]`;
  });
  if (parts.length === 0 && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent));
  const capped = capText(parts.join('\n'), MCP_RESULT_MAX_BYTES);
  return capped.truncated ? `${capped.text}\n[… truncated at ${MCP_RESULT_MAX_BYTES / 1024} KiB …]` : capped.text;
}

function argsPreview(input: unknown): string {
  const text = JSON.stringify(input ?? {});
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

type ListedTool = Readonly<{
  name: string;
  description?: string | undefined;
  inputSchema: unknown;
  annotations?: { readOnlyHint?: boolean | undefined } | undefined;
}>;

function toAgentTool(state: ServerState, listed: ListedTool, options: McpServersOptions): AnyAgentTool {
  const name = mcpToolName(state.name, listed.name);
  const readOnly = listed.annotations?.readOnlyHint === true;
  const description = `[MCP server "${state.name}"${readOnly ? ', read-only' : ''}] ${(listed.description ?? '').slice(0, DESCRIPTION_MAX_CHARS)}`;
  return {
    name,
    description,
    inputSchema: z.record(z.string(), z.unknown()),
    // Checked by `mcpSchemaProblem` before this tool was made.
    jsonSchema: listed.inputSchema as Record<string, unknown>,
    effect: mcpToolEffect(readOnly),
    mcp: { server: state.name, tool: listed.name },
    summarize: (input) => `MCP server ${state.name}, tool ${listed.name} ${argsPreview(input)}`,
    refuse: () => null,
    async execute(input, context) {
      const client = state.client;
      if (client === null || state.down !== null) throw new Error(`MCP server "${state.name}" is not available: ${state.down ?? 'not started'}`);
      const timeout = options.callTimeoutMs?.(state.name) ?? MCP_DEFAULT_CALL_TIMEOUT_MS;
      try {
        const result = await client.callTool({ name: listed.name, arguments: (input ?? {}) as Record<string, unknown> }, undefined, {
          timeout,
          maxTotalTimeout: timeout,
          signal: context.signal,
        });
        const text = resultText(result);
        if (result.isError === true) throw new Error(`MCP server "${state.name}", tool ${listed.name}: ${text}`);
        return text;
      } catch (error) {
        if (error instanceof Error && error.message.startsWith(`MCP server "${state.name}", tool`)) throw error;
        const message = /timed out|timeout/i.test(messageOf(error))
          ? `timed out after ${Math.round(timeout / 1000)} s`
          : state.down !== null
            ? `the server is not available: ${String(state.down)}`
            : messageOf(error);
        throw new Error(`MCP server "${state.name}", tool ${listed.name}: ${message}`, { cause: error });
      }
    },
  };
}

async function listTools(client: Client, timeout: number): Promise<ListedTool[]> {
  const tools: ListedTool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout });
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor !== undefined && tools.length <= MAX_TOOLS_PER_SERVER);
  return tools;
}

/** Starts (stdio) or connects to (http) one server and lists its tools; a failure marks it down with the reason. */
async function startServer(launch: McpServerLaunch, options: McpServersOptions): Promise<{ state: ServerState; tools: AnyAgentTool[] }> {
  const state: ServerState = { name: launch.name, client: null, transport: null, down: null };
  try {
    let prepared = null;
    if (launch.transport === 'stdio') {
      const argv = [launch.command ?? '', ...(launch.args ?? [])];
      // Inside the run's sandbox with the clean tool environment, like bash; the server's own values on top.
      prepared = options.launcher
        ? await options.launcher.prepare(argv)
        : { file: argv[0] ?? '', args: argv.slice(1), env: bashEnvironment(options.env ?? process.env) };
      prepared = { ...prepared, env: { ...prepared.env, ...launch.env } };
    }
    const transport = transportFor(launch, prepared, options.workdir);
    state.transport = transport;
    const client = new Client({ name: 'autoloop', version: '1' }, { capabilities: {} });
    client.onclose = () => {
      // A server that never started is told once, by the catch below, as one that could not start.
      if (state.down !== null || state.client === null) return;
      const exit = transport instanceof SandboxedStdioTransport ? transport.exitDescription : null;
      const stderr = transport instanceof SandboxedStdioTransport ? transport.stderrTail() : '';
      state.down = `it ${exit ?? 'closed the connection'}${stderr ? ` (${stderr.slice(-300)})` : ''}`;
      options.notice(`MCP server "${state.name}" stopped: ${state.down}. Its tools answer with an error for the rest of the run.`);
    };
    client.onerror = (error) => {
      if (/message over/.test(error.message)) options.notice(`MCP server "${state.name}": ${error.message}`);
    };
    const startTimeout = options.startTimeoutMs ?? MCP_START_TIMEOUT_MS;
    await client.connect(transport, { timeout: startTimeout, maxTotalTimeout: startTimeout });
    state.client = client;
    const listed = await listTools(client, startTimeout);
    const tools: AnyAgentTool[] = [];
    const skipped: string[] = [];
    for (const tool of listed.slice(0, MAX_TOOLS_PER_SERVER)) {
      if (!TOOL_NAME.test(mcpToolName(state.name, tool.name))) {
        skipped.push(tool.name.slice(0, 80));
        continue;
      }
      // A schema the provider would refuse fails every request of the run; leave that one tool out instead.
      const problem = mcpSchemaProblem(tool.inputSchema);
      if (problem === null) tools.push(toAgentTool(state, tool, options));
      else options.notice(`MCP server "${state.name}": tool ${tool.name} left out, ${problem}.`);
    }
    if (skipped.length > 0)
      options.notice(
        `MCP server "${state.name}": ${skipped.length} tools left out, their names are not valid tool names for the model (${skipped.join(', ')}).`,
      );
    if (listed.length > MAX_TOOLS_PER_SERVER)
      options.notice(`MCP server "${state.name}" offers more than ${MAX_TOOLS_PER_SERVER} tools; the first ${MAX_TOOLS_PER_SERVER} are offered.`);
    if (transport instanceof SandboxedStdioTransport && transport.garbageLines > 0) {
      options.notice(`MCP server "${state.name}" printed ${transport.garbageLines} lines on stdout that are not MCP messages; they were skipped.`);
    }
    options.notice(
      `MCP server "${state.name}" started with ${tools.length} ${tools.length === 1 ? 'tool' : 'tools'}: ${tools.map((tool) => tool.name).join(', ') || 'none'}.`,
    );
    return { state, tools };
  } catch (error) {
    const stdio = state.transport instanceof SandboxedStdioTransport ? state.transport : null;
    const reason = /timed out|timeout/i.test(messageOf(error))
      ? `it did not answer within ${(options.startTimeoutMs ?? MCP_START_TIMEOUT_MS) / 1000} s`
      : messageOf(error);
    const stderr = stdio?.stderrTail() ?? '';
    state.down = `${reason}${stderr ? ` (${stderr.slice(-300)})` : ''}`;
    options.notice(`MCP server "${state.name}" could not start: ${state.down}. The run goes on without its tools.`);
    await state.transport?.close().catch(() => undefined);
    return { state, tools: [] };
  }
}

/**
 * Starts the run's MCP servers (DESIGN §13): each in parallel, bounded by `MCP_START_TIMEOUT_MS`. A server that fails
 * is noted in the log and left out; the run goes on with the rest.
 */
export async function startMcpServers(launches: ReadonlyArray<McpServerLaunch>, options: McpServersOptions): Promise<McpServers> {
  const started = await Promise.all(launches.map((launch) => startServer(launch, options)));
  const states = started.map((server) => server.state);
  return {
    tools: started.flatMap((server) => server.tools),
    unavailable() {
      if (states.length === 0 || states.some((state) => state.down === null)) return null;
      const reasons = states.map((state) => `"${state.name}": ${state.down ?? ''}`).join('; ');
      return {
        kind: 'mcp_unavailable',
        signature: `mcp_unavailable:${states.map((state) => state.name).join(',')}`,
        message: `Every MCP server of the run is unavailable (${reasons}).`,
      };
    },
    async close() {
      await Promise.all(
        states.map(async (state) => {
          state.down ??= 'the run ended';
          await (state.client ?? state.transport)?.close().catch(() => undefined);
        }),
      );
    },
  };
}
