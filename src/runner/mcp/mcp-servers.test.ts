import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mcpToolEffect } from '../../shared/profile-action';
import { MCP_MAX_MESSAGE_BYTES } from './stdio-transport';
import { startMcpServers } from './mcp-servers';

const FIXTURE = resolve(import.meta.dirname, '..', '..', '..', 'e2e', 'fixtures', 'mcp-fixture-server.mjs');
const workdir = mkdtempSync(join(tmpdir(), 'autoloop-mcp-unit-'));
const signal = new AbortController().signal;
const context = { workdir, outputDir: workdir, iteration: 1, signal, outcome: { reportedSummary: null, completion: null } };

describe('startMcpServers (real stdio servers, no sandbox)', () => {
  it("gives each tool the shared mcpToolEffect of the server's readOnlyHint (the gate and the new-run preview decide by it)", { timeout: 20_000 }, async () => {
    const notices: string[] = [];
    const servers = await startMcpServers([{ name: 'fix', transport: 'stdio', command: process.execPath, args: [FIXTURE] }], {
      workdir,
      notice: (message) => notices.push(message),
    });
    try {
      const effects = Object.fromEntries(servers.tools.map((tool) => [tool.name, tool.effect]));
      expect(effects, notices.join('\n')).toMatchObject({ mcp__fix__read_note: mcpToolEffect(true), mcp__fix__write_note: mcpToolEffect(false) });
    } finally {
      await servers.close();
    }
  });

  it('gives up on a server that never answers initialize, in bounded time, with a notice', { timeout: 20_000 }, async () => {
    const notices: string[] = [];
    const servers = await startMcpServers([{ name: 'mute', transport: 'stdio', command: process.execPath, args: [FIXTURE, '--mute'] }], {
      workdir,
      notice: (message) => notices.push(message),
      startTimeoutMs: 1_000,
    });
    expect(servers.tools).toEqual([]);
    expect(notices).toEqual([expect.stringMatching(/^MCP server "mute" could not start: it did not answer within 1 s\. The run goes on without its tools\.$/)]);
    expect(servers.unavailable()).toMatchObject({ kind: 'mcp_unavailable', message: expect.stringContaining('"mute"') });
    await servers.close();
  });

  it('stops a server that sends a message over the cap: the call is a tool error and the log says why', { timeout: 30_000 }, async () => {
    const notices: string[] = [];
    const servers = await startMcpServers([{ name: 'huge', transport: 'stdio', command: process.execPath, args: [FIXTURE, '--huge'] }], {
      workdir,
      notice: (message) => notices.push(message),
    });
    const dump = servers.tools.find((tool) => tool.name === 'mcp__huge__dump');
    if (!dump) throw new Error(`no tool: ${notices.join('\n')}`);
    await expect(dump.execute({}, context)).rejects.toThrow(/^MCP server "huge", tool dump: /);
    expect(notices.join('\n')).toContain(`the server sent a message over ${MCP_MAX_MESSAGE_BYTES / 1024 / 1024} MiB; it was stopped`);
    expect(servers.unavailable()?.kind).toBe('mcp_unavailable');
    await servers.close();
  });
});
