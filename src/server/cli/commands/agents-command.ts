import { parseArgs } from 'node:util';
import { AGENT_LABELS } from '../../../shared/agents';
import { AGENT_SOURCE_WORDS, type AgentInfo, ExternalAgent } from '../../../shared/agents-api';
import path from 'node:path';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { COMMON_OPTIONS, onePositional } from '../command-args';
import { EXIT_FAILURE, EXIT_OK } from '../exit-code';
import { formatTable } from '../format-table';
import { type Output, createOutput } from '../terminal-output';
import { UsageError } from '../usage-error';

/** One agent in a sentence: what was found and whether a run can use it. Pure. */
export function describeAgent(info: AgentInfo): string {
  const label = AGENT_LABELS[info.agent];
  if (info.path === null) return `${label}: ${info.problem ?? 'not found'}`;
  const where = `${info.path}${info.source === 'package' ? ' (from the npm package)' : info.source === 'settings' ? ' (chosen in settings)' : ''}`;
  const login = info.loggedIn === true ? `signed in (${info.authMethod ?? 'login'})` : info.loggedIn === false ? 'not signed in' : 'login unknown';
  return `${label} ${info.version ?? '(version unknown)'} at ${where}, ${login}${info.problem ? `. ${info.problem}` : ''}`;
}

const SET_PATH_USAGE = 'autoloop agents set-path <claude-code|codex> <PATH> | --clear';

function printAgents(agents: ReadonlyArray<AgentInfo>, output: Output): void {
  if (output.json) return agents.forEach((agent) => output.jsonLine(agent));
  formatTable(
    agents,
    [
      { header: 'AGENT', value: (agent) => agent.agent, paint: output.paint.bold },
      { header: 'VERSION', value: (agent) => agent.version ?? '—' },
      { header: 'SIGNED IN', value: (agent) => (agent.loggedIn === null ? '?' : agent.loggedIn ? `yes (${agent.authMethod ?? 'login'})` : 'no') },
      { header: 'FROM', value: (agent) => (agent.source === null ? '—' : AGENT_SOURCE_WORDS[agent.source]) },
      { header: 'PATH', value: (agent) => agent.path ?? 'not found' },
    ],
    output.paint.bold,
  ).forEach((line) => output.line(line));
}

/** The agent named on the command line, or a usage error naming the ones there are. */
function externalAgent(name: string | undefined, usage: string): ExternalAgent {
  const parsed = ExternalAgent.safeParse(name);
  if (!parsed.success)
    throw new UsageError(name === undefined ? `usage: ${usage}` : `there is no agent called "${name}"; agents: ${ExternalAgent.options.join(', ')}`);
  return parsed.data;
}

/**
 * `autoloop agents [ls] | test <agent> | set-path <agent> <PATH>|--clear`: the external agents this machine has, looked
 * for now, and the binary chosen for one (a relative PATH is taken from the current folder; the engine checks it).
 */
export async function agentsCommand(args: string[], paths: AppPaths): Promise<number> {
  const [sub = 'ls', ...rest] = args[0]?.startsWith('-') ? ['ls', ...args] : args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...COMMON_OPTIONS, clear: { type: 'boolean' } } });
  const output = createOutput({ json: values.json });
  const dataDir = resolveDataDir(values['data-dir']);
  if (values.clear && sub !== 'set-path') throw new UsageError(`--clear goes with set-path: ${SET_PATH_USAGE}`);
  switch (sub) {
    case 'ls':
      printAgents(await withSession(dataDir, paths, 'read', (session) => session.call('agents.list', {})), output);
      return EXIT_OK;
    case 'test': {
      const name = onePositional(positionals, 'autoloop agents test <agent>');
      const agents = await withSession(dataDir, paths, 'read', (session) => session.call('agents.list', {}));
      const info = agents.find((agent) => agent.agent === name);
      if (!info) throw new UsageError(`there is no agent called "${name}"; agents: ${agents.map((agent) => agent.agent).join(', ')}`);
      if (output.json) output.jsonLine(info);
      else output.line(describeAgent(info));
      return info.problem === null ? EXIT_OK : EXIT_FAILURE;
    }
    case 'set-path': {
      const [name, file, ...extra] = positionals;
      const agent = externalAgent(name, SET_PATH_USAGE);
      if (extra.length > 0 || (values.clear === true) === (file !== undefined)) throw new UsageError(`usage: ${SET_PATH_USAGE}`);
      const chosen = file === undefined ? null : path.resolve(file);
      const info = await withSession(dataDir, paths, 'read', (session) => session.call('agents.setPath', { agent, path: chosen }));
      // Chosen (the engine checked the file): what a run would start now, and any problem left (e.g. a login), said but no failure.
      if (output.json) output.jsonLine(info);
      else output.line(describeAgent(info));
      return EXIT_OK;
    }
    default:
      throw new UsageError(`agents takes ls, test or set-path, not "${sub}"`);
  }
}
