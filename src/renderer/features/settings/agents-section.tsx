import { useState } from 'react';
import { AGENT_LABELS } from '../../../shared/agents';
import { type AgentInfo, ExternalAgent } from '../../../shared/agents-api';
import { messageOf } from '../../../shared/errors';
import { useApiClient } from '../../api/api-context';
import { AgentPathField } from './agent-path-field';

/** Pure: an agent's login in words. */
export function loginText(info: AgentInfo): string {
  if (info.loggedIn === true) return `signed in (${info.authMethod ?? 'login'})`;
  return info.loggedIn === false ? 'not signed in' : 'login unknown';
}

/** Where the binary came from, after its path. */
const SOURCE_WORDS: Readonly<Record<NonNullable<AgentInfo['source']>, string>> = { settings: 'chosen in settings', path: 'on PATH', package: 'bundled' };

/** Pure: the found agents with one replaced by how it is found now (added when the list had not been asked for). */
export function withFound(agents: ReadonlyArray<AgentInfo> | null, info: AgentInfo): AgentInfo[] {
  const others = (agents ?? []).filter((candidate) => candidate.agent !== info.agent);
  return [...others, info].sort((a, b) => ExternalAgent.options.indexOf(a.agent) - ExternalAgent.options.indexOf(b.agent));
}

/**
 * The agents a run can choose besides Autoloop's own: Test looks for each one now (the binary a run would start,
 * where it came from, its version, its login) and says what to do when it is missing or signed out; a path field per
 * agent chooses its binary (checked by the engine when saved, then found again). Nothing is asked on page load.
 */
export function AgentsSection() {
  const api = useApiClient();
  const [agents, setAgents] = useState<ReadonlyArray<AgentInfo> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const test = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setAgents(await api.call('agents.list', {}));
    } catch (failure) {
      setError(`Could not look for the agents: ${messageOf(failure)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel settings-section" aria-labelledby="settings-agents-heading" id="settings-agents">
      <h2 id="settings-agents-heading">Agents</h2>
      <p className="muted">
        A run can let Claude Code or Codex take its turns (Agent in the new-run form). Each uses its binary (the path chosen below, else the one on your PATH)
        with your own login, or the key of an Anthropic (Claude Code) or OpenAI (Codex) provider you choose as the run’s model.
      </p>
      <div className="run-buttons">
        <button type="button" className="button-small" onClick={() => void test()} disabled={busy}>
          {busy ? 'Testing…' : 'Test'}
        </button>
      </div>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      {agents && (
        <ul className="agent-list">
          {agents.map((info) => (
            <li key={info.agent} data-testid={`agent-${info.agent}`}>
              <strong>{AGENT_LABELS[info.agent]}</strong>{' '}
              {info.path === null ? (
                <span>not found</span>
              ) : (
                <span>
                  {info.version ?? 'version unknown'} · <span className="mono">{info.path}</span>
                  {info.source === null ? '' : ` (${SOURCE_WORDS[info.source]})`} · {loginText(info)}
                </span>
              )}
              {info.problem && <p className="severity-warning">{info.problem}</p>}
            </li>
          ))}
        </ul>
      )}
      {ExternalAgent.options.map((agent) => (
        <AgentPathField key={agent} agent={agent} onFound={(info) => setAgents((current) => withFound(current, info))} />
      ))}
    </section>
  );
}
