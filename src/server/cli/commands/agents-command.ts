import { parseArgs } from 'node:util';
import { AGENT_LABELS } from '../../../shared/agents';
import type { AgentInfo } from '../../../shared/agents-api';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { COMMON_OPTIONS, onePositional } from '../command-args';
import { EXIT_FAILURE, EXIT_OK } from '../exit-code';
import { formatTable } from '../format-table';
import { createOutput } from '../terminal-output';
import { UsageError } from '../usage-error';

/** One agent in a sentence: what was found and whether a run can use it. Pure. */
export function describeAgent(info: AgentInfo): string {
  const label = AGENT_LABELS[info.agent];
  if (info.path === null) return `${label}: ${info.problem ?? 'not found'}`;
  const where = `${info.path}${info.source === 'package' ? ' (from the npm package)' : ''}`;
  const login = info.loggedIn === true ? `signed in (${info.authMethod ?? 'login'})` : info.loggedIn === false ? 'not signed in' : 'login unknown';
  return `${label} ${info.version ?? '(version unknown)'} at ${where}, ${login}${info.problem ? `. ${info.problem}` : ''}`;
}

/** `autoloop agents [ls] | test <agent>`: the external agents this machine has, looked for now. */
export async function agentsCommand(args: string[], paths: AppPaths): Promise<number> {
  const [sub = 'ls', ...rest] = args[0]?.startsWith('-') ? ['ls', ...args] : args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...COMMON_OPTIONS } });
  const output = createOutput({ json: values.json });
  const agents = await withSession(resolveDataDir(values['data-dir']), paths, 'read', (session) => session.call('agents.list', {}));
  switch (sub) {
    case 'ls':
      if (output.json) agents.forEach((agent) => output.jsonLine(agent));
      else
        formatTable(
          agents,
          [
            { header: 'AGENT', value: (agent) => agent.agent, paint: output.paint.bold },
            { header: 'VERSION', value: (agent) => agent.version ?? '—' },
            { header: 'SIGNED IN', value: (agent) => (agent.loggedIn === null ? '?' : agent.loggedIn ? `yes (${agent.authMethod ?? 'login'})` : 'no') },
            { header: 'PATH', value: (agent) => agent.path ?? 'not found' },
          ],
          output.paint.bold,
        ).forEach((line) => output.line(line));
      return EXIT_OK;
    case 'test': {
      const name = onePositional(positionals, 'autoloop agents test <agent>');
      const info = agents.find((agent) => agent.agent === name);
      if (!info) throw new UsageError(`there is no agent called "${name}"; agents: ${agents.map((agent) => agent.agent).join(', ')}`);
      if (output.json) output.jsonLine(info);
      else output.line(describeAgent(info));
      return info.problem === null ? EXIT_OK : EXIT_FAILURE;
    }
    default:
      throw new UsageError(`agents takes ls or test, not "${sub}"`);
  }
}
