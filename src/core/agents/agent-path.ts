import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ExternalAgent } from '../../shared/agents-api';
import { AGENT_LABELS } from '../../shared/agents';
import type { AgentPaths, Settings, SettingsPatch } from '../../shared/settings';
import { ApiFailure } from '../api-failure';

/** The command each agent's binary is called by, as people know it. */
export const AGENT_COMMANDS: Readonly<Record<ExternalAgent, string>> = { 'claude-code': 'claude', codex: 'codex' };

/** The binary chosen for `agent` in settings, if any. */
export function chosenAgentPath(settings: Pick<Settings, 'agentPaths'>, agent: string): string | undefined {
  return agent === 'claude-code' || agent === 'codex' ? settings.agentPaths?.[agent] : undefined;
}

/**
 * What is wrong with `file` as an agent binary (not absolute, not there, a folder, not executable), in words that say
 * what to do; null when a run can start it. Symbolic links are followed: the file they lead to is what runs.
 */
export async function agentPathProblem(agent: ExternalAgent, file: string): Promise<string | null> {
  const label = AGENT_LABELS[agent];
  const command = AGENT_COMMANDS[agent];
  if (!path.isAbsolute(file)) return `${file} is not an absolute path: give the full path of the ${command} binary (e.g. /usr/local/bin/${command}).`;
  let found;
  try {
    found = await stat(file);
  } catch {
    return `${file} does not exist: give the path of an installed ${command} binary (\`which ${command}\` prints the one on your PATH).`;
  }
  if (!found.isFile()) return `${file} is not a file: give the path of the ${command} binary itself, not its folder.`;
  try {
    await access(file, constants.X_OK);
  } catch {
    return `${file} is not executable: make it executable (chmod +x) or give the path of the ${label} binary that is.`;
  }
  return null;
}

/** Throws an `invalid_input` failure on the `path` field when `file` cannot be an agent binary. */
export async function checkAgentPath(agent: ExternalAgent, file: string): Promise<void> {
  const problem = await agentPathProblem(agent, file);
  if (problem !== null) throw new ApiFailure('invalid_input', problem, { field: 'path' });
}

/** The agent paths after choosing `file` (null: none) for `agent`. Pure. */
export function withAgentPath(current: AgentPaths | undefined, agent: ExternalAgent, file: string | null): AgentPaths {
  const { [agent]: _previous, ...others } = current ?? {};
  return file === null ? others : { ...others, [agent]: file };
}

/**
 * Checks the agent paths a `settings.set` patch chooses anew (a path kept as stored is not checked again: a binary
 * removed since is reported when a run starts, and must not block saving other settings).
 */
export async function checkAgentPathsPatch(stored: Pick<Settings, 'agentPaths'>, patch: SettingsPatch): Promise<void> {
  if (patch.agentPaths === undefined) return;
  for (const agent of ['claude-code', 'codex'] as const) {
    const file = patch.agentPaths[agent];
    if (file !== undefined && file !== stored.agentPaths?.[agent]) await checkAgentPath(agent, file);
  }
}
