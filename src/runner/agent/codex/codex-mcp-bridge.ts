import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, type Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
// The layer rule's `**/server/**` pattern meant src/server, not the MCP SDK's server entry points.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { messageOf } from '../../../shared/errors';
import { CLAUDE_CODE_RESERVED_MCP_SERVER } from '../../../shared/mcp';
import type { InitMessage } from '../../../shared/protocol';
import type { AnyAgentTool, IterationOutcome } from '../../tools/agent-tool';
import { mcpProxyServer, mcpToolsByServer } from '../claude-code/claude-code-mcp-proxy';

/** The MCP server name Codex knows our tools under (`mcp__autoloop__report`). */
export const CODEX_MCP_SERVER = CLAUDE_CODE_RESERVED_MCP_SERVER;

/**
 * The process Codex starts as its MCP server: a pipe between its stdio and the runner's socket, nothing more. The MCP
 * server itself (the SDK's, with `report` and `complete`) runs in the runner, so the tools act on the iteration's outcome.
 */
const RELAY_SCRIPT =
  "const s=require('node:net').connect(process.argv[1]);process.stdin.pipe(s);s.pipe(process.stdout);s.on('error',()=>process.exit(1));s.on('close',()=>process.exit(0));";

export type CodexMcpBridge = Readonly<{
  /**
   * Codex's `mcp_servers` entries for the `autoloop` MCP server and one per MCP server of the run, given to each thread
   * (`thread/start`'s `config`), where they also stand in for whatever Codex's config.toml declares.
   */
  servers: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The private folder holding the socket (Codex's relay must reach it). */
  folder: string;
  close(): Promise<void>;
}>;

type Current = () => Readonly<{
  iteration: number;
  signal: AbortSignal;
  outcome: IterationOutcome;
  /** The permission gate's word on a call of a run's MCP tool about to run: null when allowed, else the denial it answers with. */
  authorize(tool: AnyAgentTool, input: Readonly<Record<string, unknown>>): Promise<string | null>;
}>;

/**
 * How long Codex waits for one call of a run's MCP server: long, since a call may wait for a person's approval (the
 * approval's own timeout ends it) and the runner already ends a call at the server's own call timeout.
 */
const RUN_MCP_TOOL_TIMEOUT_SEC = 86_400;

/**
 * Serves `report` and `complete` to Codex, and the run's MCP servers' tools (`mcpTools`): a unix socket per server in a
 * private folder (0700) the runner listens on, and a relay process (the runner's own Node, `-e`) that Codex starts as a
 * stdio MCP server. Each Codex process connects once; every call runs with the iteration that is running now
 * (`complete` behind the verification gate when there is one; a run's MCP tool behind the permission gate).
 */
export async function startCodexMcpBridge(
  init: InitMessage,
  tools: ReadonlyArray<AnyAgentTool>,
  current: Current,
  mcpTools: ReadonlyArray<AnyAgentTool> = [],
): Promise<CodexMcpBridge> {
  const folder = mkdtempSync(path.join(tmpdir(), 'autoloop-codex-mcp-'));
  const socketPath = path.join(folder, 'mcp.sock');
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const sockets = new Set<Socket>();
  const run = async (name: 'report' | 'complete', args: unknown) => {
    const tool = byName.get(name);
    if (!tool) return { content: [{ type: 'text' as const, text: `the run has no ${name} tool` }], isError: true };
    try {
      const { iteration, signal, outcome } = current();
      const text = await tool.execute(args, { workdir: init.workdir, outputDir: init.outputDir, iteration, signal, outcome });
      return { content: [{ type: 'text' as const, text }] };
    } catch (error) {
      return { content: [{ type: 'text' as const, text: messageOf(error) }], isError: true };
    }
  };
  const listening: Server[] = [];
  const listen = async (file: string, serve: (socket: Socket) => void): Promise<void> => {
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      serve(socket);
    });
    listening.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(file, () => resolve());
    });
  };
  const relay = (socket: string, extra: Readonly<Record<string, unknown>>): Record<string, unknown> => ({
    command: process.execPath,
    args: ['-e', RELAY_SCRIPT, socket],
    // Under Electron the runner's executable is Electron: this makes it plain Node.
    env: { ELECTRON_RUN_AS_NODE: '1' },
    startup_timeout_sec: 20,
    ...extra,
  });
  await listen(socketPath, (socket) => {
    const mcp = new McpServer({ name: CODEX_MCP_SERVER, version: '1.0.0' });
    mcp.registerTool(
      'report',
      {
        description: byName.get('report')?.description ?? 'Report what this iteration did.',
        inputSchema: { summary: z.string().min(1).describe('What this iteration did, in one or two sentences.') },
      },
      (args) => run('report', args),
    );
    mcp.registerTool(
      'complete',
      {
        description: byName.get('complete')?.description ?? 'Say the program is complete.',
        inputSchema: { reason: z.string().default('').describe('Why the program is complete.') },
      },
      (args) => run('complete', args),
    );
    void mcp.connect(new StdioServerTransport(socket, socket)).catch(() => socket.destroy());
  });
  // `report` and `complete` only write the iteration's outcome: Codex need not ask before calling them.
  const servers: Record<string, Record<string, unknown>> = {
    [CODEX_MCP_SERVER]: relay(socketPath, { default_tools_approval_mode: 'approve' }),
  };
  // The run's MCP servers (issue 22), one bridge server each under the server's own name, so Codex calls
  // `mcp__<server>__<tool>`: every call goes through the run's permission gate here, in the runner, before it reaches
  // the server. Codex's own approval is off for them (the gate asks the person, once).
  for (const [index, [name, serverTools]] of [...mcpToolsByServer(mcpTools)].entries()) {
    const file = path.join(folder, `run-${index}.sock`);
    await listen(file, (socket) => {
      const mcp = mcpProxyServer(name, serverTools, {
        context: () => {
          const { iteration, signal, outcome } = current();
          return { workdir: init.workdir, outputDir: init.outputDir, iteration, signal, outcome };
        },
        authorize: (tool, input) => current().authorize(tool, input),
      });
      void mcp.connect(new StdioServerTransport(socket, socket)).catch(() => socket.destroy());
    });
    servers[name] = relay(file, { default_tools_approval_mode: 'approve', tool_timeout_sec: RUN_MCP_TOOL_TIMEOUT_SEC });
  }
  return {
    servers,
    folder,
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all(listening.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
