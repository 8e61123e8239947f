import type { McpServerLaunch, McpTestResult } from '../../shared/mcp';
import { messageOf } from '../../shared/errors';

/** How long the test gives a server to start, answer `initialize` and list its tools. */
export const MCP_TEST_TIMEOUT_MS = 20_000;
/** What a tested server gets of the engine's environment: the tool allowlist's base names, never a key or the engine's token. */
const PASSED = ['PATH', 'HOME', 'USER', 'LANG', 'TERM', 'TMPDIR', 'SHELL', 'TZ'];

/**
 * Settings → Tools' Test button and `autoloop mcp test`: starts (or connects to) the server once, lists its tools and
 * stops it, with the MCP SDK loaded only now. A stdio server is started by the engine with the base environment and the
 * server's own values; it is the person's own command, run when they ask, not by a run (runs start theirs in the sandbox).
 */
export async function testMcpServer(launch: McpServerLaunch, env: Readonly<Record<string, string | undefined>>): Promise<McpTestResult> {
  const [{ Client }, { StdioClientTransport }, { StreamableHTTPClientTransport }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/stdio.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
  ]);
  const baseEnv = Object.fromEntries(PASSED.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name] ?? '']])));
  const stdio =
    launch.transport === 'stdio'
      ? new StdioClientTransport({ command: launch.command ?? '', args: launch.args ?? [], env: { ...baseEnv, ...launch.env }, stderr: 'pipe' })
      : null;
  let stderr = '';
  stdio?.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-1_000);
  });
  const transport = stdio ?? new StreamableHTTPClientTransport(new URL(launch.url ?? ''), { requestInit: { headers: { ...launch.headers } } });
  const client = new Client({ name: 'autoloop', version: '1' }, { capabilities: {} });
  try {
    await client.connect(transport, { timeout: MCP_TEST_TIMEOUT_MS, maxTotalTimeout: MCP_TEST_TIMEOUT_MS });
    const { tools } = await client.listTools({}, { timeout: MCP_TEST_TIMEOUT_MS });
    const listed = tools.map((tool) => ({
      name: tool.name,
      description: (tool.description ?? '').slice(0, 500),
      readOnly: tool.annotations?.readOnlyHint === true,
    }));
    return { ok: true, message: `The server answered with ${listed.length} ${listed.length === 1 ? 'tool' : 'tools'}.`, tools: listed };
  } catch (error) {
    const reason = /timed out|timeout/i.test(messageOf(error)) ? `it did not answer within ${MCP_TEST_TIMEOUT_MS / 1000} s` : messageOf(error);
    const tail = stderr.trim() ? ` Its error output: ${stderr.trim().slice(-500)}` : '';
    return { ok: false, message: `The server could not be used: ${reason}.${tail}`, tools: [] };
  } finally {
    await client.close().catch(() => undefined);
    await transport.close().catch(() => undefined);
  }
}
