import { parseArgs } from 'node:util';
import {
  type McpServerConfig,
  type McpServerInfo,
  McpServerName,
  type McpServerPatch,
  parsePairs as parseSharedPairs,
  splitCommand,
} from '../../../shared/mcp';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { COMMON_OPTIONS, onePositional } from '../command-args';
import { EXIT_FAILURE, EXIT_OK } from '../exit-code';
import { formatTable } from '../format-table';
import { type Output, createOutput } from '../terminal-output';
import { UsageError } from '../usage-error';

const ADD_USAGE = 'autoloop mcp add <name> --command "CMD ARGS" [--env K=V ...] | --url URL [--header K=V ...] [--timeout SECONDS]';
const EDIT_USAGE = 'autoloop mcp edit <name> [--command "CMD ARGS" | --url URL] [--env K=V ...] [--header K=V ...] [--unset NAME ...] [--timeout SECONDS]';

/** `--timeout` seconds as milliseconds, or undefined when not given. */
function timeoutMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!(Number.isFinite(seconds) && seconds >= 1 && seconds <= 3_600)) throw new UsageError('--timeout is seconds per tool call, 1 to 3600');
  return Math.round(seconds * 1000);
}

/** `K=V` pairs into a record; a pair without `=` is a usage error. */
export function parsePairs(pairs: ReadonlyArray<string>, option: string): Record<string, string> {
  const parsed = parseSharedPairs(pairs);
  if (typeof parsed === 'string') throw new UsageError(`${option} ${parsed}`);
  return parsed;
}

export { splitCommand };

function printServers(servers: ReadonlyArray<McpServerInfo>, output: Output): void {
  if (output.json) return servers.forEach((server) => output.jsonLine(server));
  if (servers.length === 0) return output.line('No MCP servers yet: add one with autoloop mcp add <name> --command "CMD ARGS" or --url URL.');
  formatTable(
    servers,
    [
      { header: 'NAME', value: (server) => server.name, paint: output.paint.bold },
      { header: 'TRANSPORT', value: (server) => server.transport },
      { header: 'COMMAND OR URL', value: (server) => server.url ?? [server.command ?? '', ...server.args].join(' ') },
      { header: 'SECRETS', value: (server) => [...server.envNames, ...server.headerNames].join(', ') || '-' },
      { header: 'ON', value: (server) => (server.enabled ? 'yes' : 'no (disabled)') },
      { header: 'TOOLS', value: (server) => (server.tools === null ? 'not tested' : server.tools.map((tool) => tool.name).join(', ') || 'none') },
    ],
    output.paint.bold,
  ).forEach((line) => output.line(line));
}

/** `autoloop mcp [ls|add|edit|enable|disable|test|remove]` (issue 22). Values of environment variables and headers are never printed. */
export async function mcpCommand(args: string[], paths: AppPaths): Promise<number> {
  const [sub = 'ls', ...rest] = args[0]?.startsWith('-') ? ['ls', ...args] : args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      ...COMMON_OPTIONS,
      command: { type: 'string' },
      url: { type: 'string' },
      env: { type: 'string', multiple: true, default: [] },
      header: { type: 'string', multiple: true, default: [] },
      timeout: { type: 'string' },
      unset: { type: 'string', multiple: true, default: [] },
    },
  });
  const output = createOutput({ json: values.json });
  const dataDir = resolveDataDir(values['data-dir']);
  switch (sub) {
    case 'ls':
      printServers(await withSession(dataDir, paths, 'read', (session) => session.call('mcp.list', {})), output);
      return EXIT_OK;
    case 'add': {
      const name = serverName(onePositional(positionals, ADD_USAGE));
      httpUrl(values.url);
      if ((values.command === undefined) === (values.url === undefined)) throw new UsageError(`give one of --command or --url; usage: ${ADD_USAGE}`);
      const timeout = timeoutMs(values.timeout);
      const words = values.command === undefined ? [] : splitCommand(values.command);
      if (values.command !== undefined && words.length === 0) throw new UsageError('--command is empty');
      const config: McpServerConfig = {
        transport: values.url === undefined ? 'stdio' : 'http',
        ...(words.length > 0 ? { command: words[0] ?? '', args: words.slice(1) } : {}),
        ...(values.url === undefined ? {} : { url: values.url }),
        ...(values.env.length > 0 ? { env: parsePairs(values.env, '--env') } : {}),
        ...(values.header.length > 0 ? { headers: parsePairs(values.header, '--header') } : {}),
        ...(timeout === undefined ? {} : { callTimeoutMs: timeout }),
        enabled: true,
      };
      printServers(await withSession(dataDir, paths, 'read', (session) => session.call('mcp.add', { name, config })), output);
      return EXIT_OK;
    }
    case 'edit': {
      // Only what is given changes; a secret value not given again keeps its sealed value.
      const name = onePositional(positionals, EDIT_USAGE);
      if (values.command !== undefined && values.url !== undefined) throw new UsageError(`give --command or --url, not both; usage: ${EDIT_USAGE}`);
      httpUrl(values.url);
      const words = values.command === undefined ? [] : splitCommand(values.command);
      if (values.command !== undefined && words.length === 0) throw new UsageError('--command is empty');
      const unset = Object.fromEntries(values.unset.map((key) => [key, null]));
      const servers = await withSession(dataDir, paths, 'read', async (session) => {
        const current = (await session.call('mcp.list', {})).find((server) => server.name === name);
        // --unset names an environment variable or a header, whichever the server has.
        const unsetEnv = Object.fromEntries(Object.entries(unset).filter(([key]) => current?.envNames.includes(key)));
        const unsetHeaders = Object.fromEntries(Object.entries(unset).filter(([key]) => current?.headerNames.includes(key)));
        const unknown = values.unset.filter((key) => !(key in unsetEnv) && !(key in unsetHeaders));
        if (current && unknown.length > 0) throw new UsageError(`${name} has no environment variable or header ${unknown.join(', ')}`);
        const env = { ...unsetEnv, ...(values.env.length > 0 ? parsePairs(values.env, '--env') : {}) };
        const headers = { ...unsetHeaders, ...(values.header.length > 0 ? parsePairs(values.header, '--header') : {}) };
        const timeout = timeoutMs(values.timeout);
        const patch: McpServerPatch = {
          ...(words.length > 0 ? { transport: 'stdio', command: words[0] ?? '', args: words.slice(1) } : {}),
          ...(values.url === undefined ? {} : { transport: 'http', url: values.url }),
          ...(Object.keys(env).length > 0 ? { env } : {}),
          ...(Object.keys(headers).length > 0 ? { headers } : {}),
          ...(timeout === undefined ? {} : { callTimeoutMs: timeout }),
        };
        if (Object.keys(patch).length === 0) throw new UsageError(`nothing to change; usage: ${EDIT_USAGE}`);
        return session.call('mcp.update', { name, patch });
      });
      printServers(servers, output);
      return EXIT_OK;
    }
    case 'enable':
    case 'disable': {
      const name = onePositional(positionals, `autoloop mcp ${sub} <name>`);
      printServers(await withSession(dataDir, paths, 'read', (session) => session.call('mcp.update', { name, patch: { enabled: sub === 'enable' } })), output);
      return EXIT_OK;
    }
    case 'test': {
      const name = onePositional(positionals, 'autoloop mcp test <name>');
      const result = await withSession(dataDir, paths, 'read', (session) => session.call('mcp.test', { name }));
      if (output.json) output.jsonLine(result);
      else {
        output.line(`${name}: ${result.message}`);
        for (const tool of result.tools)
          output.line(`  mcp__${name}__${tool.name}${tool.readOnly ? ' (read-only)' : ''}  ${tool.description.split('\n')[0] ?? ''}`);
      }
      return result.ok ? EXIT_OK : EXIT_FAILURE;
    }
    case 'remove': {
      const name = onePositional(positionals, 'autoloop mcp remove <name>');
      printServers(await withSession(dataDir, paths, 'read', (session) => session.call('mcp.remove', { name })), output);
      return EXIT_OK;
    }
    default:
      throw new UsageError(`Unknown mcp command "${sub}"; use ls, add, edit, enable, disable, test or remove`);
  }
}

/** The server's name, refused in words before the engine is asked. */
function serverName(name: string): string {
  const checked = McpServerName.safeParse(name);
  if (!checked.success)
    throw new UsageError(`"${name}" cannot be an MCP server's name: ${checked.error.issues[0]?.message ?? 'use letters, digits or dashes'}`);
  return name;
}

/** `--url` must be an http(s) URL the engine can reach, e.g. http://127.0.0.1:8931/mcp. */
function httpUrl(url: string | undefined): void {
  if (url === undefined) return;
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // said below
  }
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new UsageError(`--url takes the server's http:// or https:// address, e.g. https://mcp.example.com/mcp, not "${url}"`);
}
