import type { ApiHandlers } from '../../shared/api';
import type { McpServerInfo } from '../../shared/mcp';
import { messageOf } from '../../shared/errors';
import { ApiFailure } from '../api-failure';
import { type McpStore, mcpServerInfo, patchMcpServer } from '../mcp/mcp-store';
import { testMcpServer } from '../mcp/test-mcp-server';

export type McpHandlers = Pick<ApiHandlers, 'mcp.list' | 'mcp.add' | 'mcp.update' | 'mcp.test' | 'mcp.remove'>;

/** The MCP server methods (Settings → Tools, `autoloop mcp …`): values of environment variables and headers never leave the engine. */
export function createMcpHandlers(deps: Readonly<{ store: McpStore; env: Readonly<Record<string, string | undefined>>; now?: () => Date }>): McpHandlers {
  const list = (): McpServerInfo[] => {
    const tested = deps.store.tested();
    return Object.entries(deps.store.all()).map(([name, config]) => mcpServerInfo(name, config, tested[name]));
  };
  return {
    'mcp.list': async () => list(),
    'mcp.add': async ({ name, config }) => {
      // Adding over a server of the same name would drop its sealed values without a word: that is what editing is for.
      if (deps.store.all()[name]) {
        throw new ApiFailure(
          'conflict',
          `An MCP server called "${name}" exists already: edit it (Edit in Settings → Tools, or autoloop mcp edit ${name}), or choose another name`,
          {
            field: 'name',
          },
        );
      }
      deps.store.set(name, config);
      return list();
    },
    'mcp.update': async ({ name, patch }) => {
      const stored = deps.store.all()[name];
      if (!stored) throw new ApiFailure('not_found', `There is no MCP server called "${name}"; add it in Settings → Tools`);
      const patched = patchMcpServer(stored, patch);
      if ('error' in patched) throw new ApiFailure('invalid_input', `MCP server ${name}: ${patched.error}`);
      deps.store.set(name, patched.config);
      return list();
    },
    'mcp.test': async ({ name }) => {
      if (!deps.store.all()[name]) throw new ApiFailure('not_found', `There is no MCP server called "${name}"; add it in Settings → Tools`);
      try {
        const [launch] = deps.store.launches([name], deps.env, { evenDisabled: true });
        if (launch) {
          const result = await testMcpServer(launch, deps.env);
          // Kept with the server so Settings and the new-run form show its tools without testing again.
          if (result.ok) deps.store.recordTools(name, result.tools, (deps.now?.() ?? new Date()).toISOString());
          return result;
        }
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
