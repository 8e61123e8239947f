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
import type { InitMessage } from '../../../shared/protocol';
import type { AnyAgentTool, IterationOutcome } from '../../tools/agent-tool';

/** The MCP server name Codex knows our tools under (`mcp__autoloop__report`). */
export const CODEX_MCP_SERVER = 'autoloop';

/**
 * The process Codex starts as its MCP server: a pipe between its stdio and the runner's socket, nothing more. The MCP
 * server itself (the SDK's, with `report` and `complete`) runs in the runner, so the tools act on the iteration's outcome.
 */
const RELAY_SCRIPT =
  "const s=require('node:net').connect(process.argv[1]);process.stdin.pipe(s);s.pipe(process.stdout);s.on('error',()=>process.exit(1));s.on('close',()=>process.exit(0));";

export type CodexMcpBridge = Readonly<{
  /** `-c` overrides that give Codex the `autoloop` MCP server. */
  config: ReadonlyArray<string>;
  /** The private folder holding the socket (Codex's relay must reach it). */
  folder: string;
  close(): Promise<void>;
}>;

type Current = () => Readonly<{ iteration: number; signal: AbortSignal; outcome: IterationOutcome }>;

const toml = (value: string): string => JSON.stringify(value);

/**
 * Serves `report` and `complete` to Codex: a unix socket in a private folder (0700) the runner listens on, and a relay
 * process (the runner's own Node, `-e`) that Codex starts as a stdio MCP server. Each Codex process connects once; every
 * call runs our tool with the iteration that is running now (`complete` behind the verification gate when there is one).
 */
export async function startCodexMcpBridge(init: InitMessage, tools: ReadonlyArray<AnyAgentTool>, current: Current): Promise<CodexMcpBridge> {
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
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  const config = [
    `mcp_servers.${CODEX_MCP_SERVER}.command=${toml(process.execPath)}`,
    `mcp_servers.${CODEX_MCP_SERVER}.args=[${['-e', RELAY_SCRIPT, socketPath].map(toml).join(', ')}]`,
    // Under Electron the runner's executable is Electron: this makes it plain Node.
    `mcp_servers.${CODEX_MCP_SERVER}.env={ELECTRON_RUN_AS_NODE="1"}`,
    `mcp_servers.${CODEX_MCP_SERVER}.startup_timeout_sec=20`,
    // `report` and `complete` only write the iteration's outcome: Codex need not ask before calling them.
    `mcp_servers.${CODEX_MCP_SERVER}.default_tools_approval_mode="approve"`,
  ];
  return {
    config,
    folder,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          rmSync(folder, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
