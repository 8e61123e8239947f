import type { ApiHandlers } from '../../shared/api';
import type { AgentInfo, ExternalAgent } from '../../shared/agents-api';
import { findClaudeCodeAgent, findCodexAgent } from '../agents/find-agents';
import { checkAgentPath, chosenAgentPath, withAgentPath } from '../agents/agent-path';
import type { SettingsRepository } from '../store/settings-repository';

export type AgentHandlers = Pick<ApiHandlers, 'agents.list' | 'agents.setPath'>;

export type AgentHandlerDeps = Readonly<{
  settings: SettingsRepository;
  /** The engine's environment: its PATH is where the agents are looked for. */
  env: Readonly<Record<string, string | undefined>>;
}>;

/** The agent methods: what each external agent is found as now, and the binary chosen for it in settings. */
export function createAgentHandlers(deps: AgentHandlerDeps): AgentHandlers {
  const find = (agent: ExternalAgent): Promise<AgentInfo> => {
    const chosenPath = chosenAgentPath(deps.settings.get(), agent);
    const host = { env: deps.env, ...(chosenPath === undefined ? {} : { chosenPath }) };
    return agent === 'claude-code' ? findClaudeCodeAgent(host) : findCodexAgent(host);
  };
  return {
    'agents.list': async () => Promise.all([find('claude-code'), find('codex')]),
    'agents.setPath': async ({ agent, path }) => {
      if (path !== null) await checkAgentPath(agent, path);
      deps.settings.update({ agentPaths: withAgentPath(deps.settings.get().agentPaths, agent, path) });
      return find(agent);
    },
  };
}
