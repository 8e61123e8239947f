import type { ApiHandlers } from '../../shared/api';
import type { McpServerInfo } from '../../shared/mcp';
import { messageOf } from '../../shared/errors';
import { ApiFailure } from '../api-failure';
import { type McpStore, mcpServerInfo } from '../mcp/mcp-store';
import { testMcpServer } from '../mcp/test-mcp-server';

export type McpHandlers = Pick<ApiHandlers, 'mcp.list' | 'mcp.add' | 'mcp.test' | 'mcp.remove'>;

/** The MCP server methods (Settings → Tools, `autoloop mcp …`): values of environment variables and headers never leave the engine. */
export function createMcpHandlers(deps: Readonly<{ store: McpStore; env: Readonly<Record<string, string | undefined>> }>): McpHandlers {
  const list = (): McpServerInfo[] => Object.entries(deps.store.all()).map(([name, config]) => mcpServerInfo(name, config));
  return {
    'mcp.list': async () => list(),
    'mcp.add': async ({ name, config }) => {
      deps.store.set(name, config);
      return list();
    },
    'mcp.test': async ({ name }) => {
      if (!deps.store.all()[name]) throw new ApiFailure('not_found', `There is no MCP server called "${name}"; add it in Settings → Tools`);
      try {
        const [launch] = deps.store.launches([name], deps.env, { evenDisabled: true });
        if (launch) return await testMcpServer(launch, deps.env);
      } catch (error) {
        return { ok: false, message: messageOf(error), tools: [] };
      }
      return { ok: false, message: `There is no MCP server called "${name}"`, tools: [] };
    },
    'mcp.remove': async ({ name }) => {
      if (!deps.store.remove(name)) throw new ApiFailure('not_found', `There is no MCP server called "${name}"`);
      return list();
    },
  };
}
