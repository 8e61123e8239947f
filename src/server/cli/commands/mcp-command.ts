import { parseArgs } from 'node:util';
import { type McpServerConfig, type McpServerInfo, parsePairs as parseSharedPairs, splitCommand } from '../../../shared/mcp';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { COMMON_OPTIONS, onePositional } from '../command-args';
import { EXIT_FAILURE, EXIT_OK } from '../exit-code';
import { formatTable } from '../format-table';
import { type Output, createOutput } from '../terminal-output';
import { UsageError } from '../usage-error';

const ADD_USAGE = 'autoloop mcp add <name> --command "CMD ARGS" [--env K=V ...] | --url URL [--header K=V ...] [--timeout SECONDS]';

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
      { header: 'ON', value: (server) => (server.enabled ? 'yes' : 'no') },
    ],
    output.paint.bold,
  ).forEach((line) => output.line(line));
}

/** `autoloop mcp [ls|add|test|remove]` (issue 22). Values of environment variables and headers are never printed. */
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
    },
  });
  const output = createOutput({ json: values.json });
  const dataDir = resolveDataDir(values['data-dir']);
  switch (sub) {
    case 'ls':
      printServers(await withSession(dataDir, paths, 'read', (session) => session.call('mcp.list', {})), output);
      return EXIT_OK;
    case 'add': {
      const name = onePositional(positionals, ADD_USAGE);
      if ((values.command === undefined) === (values.url === undefined)) throw new UsageError(`give one of --command or --url; usage: ${ADD_USAGE}`);
      const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
      if (timeout !== undefined && !(Number.isFinite(timeout) && timeout >= 1 && timeout <= 3_600))
        throw new UsageError('--timeout is seconds per tool call, 1 to 3600');
      const words = values.command === undefined ? [] : splitCommand(values.command);
      if (values.command !== undefined && words.length === 0) throw new UsageError('--command is empty');
      const config: McpServerConfig = {
        transport: values.url === undefined ? 'stdio' : 'http',
        ...(words.length > 0 ? { command: words[0] ?? '', args: words.slice(1) } : {}),
        ...(values.url === undefined ? {} : { url: values.url }),
        ...(values.env.length > 0 ? { env: parsePairs(values.env, '--env') } : {}),
        ...(values.header.length > 0 ? { headers: parsePairs(values.header, '--header') } : {}),
        ...(timeout === undefined ? {} : { callTimeoutMs: Math.round(timeout * 1000) }),
        enabled: true,
      };
      printServers(await withSession(dataDir, paths, 'read', (session) => session.call('mcp.add', { name, config })), output);
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
      throw new UsageError(`Unknown mcp command "${sub}"; use ls, add, test or remove`);
  }
}
