import { useState } from 'react';
import { AGENT_LABELS } from '../../../shared/agents';
import type { AgentInfo, ExternalAgent } from '../../../shared/agents-api';
import { messageOf } from '../../../shared/errors';
import { AgentPathText } from '../../../shared/settings';
import { useApiClient } from '../../api/api-context';
import { Field } from '../../ui/field';
import { receiveSettings, useSettingsStore } from './settings-store';

const COMMANDS: Readonly<Record<ExternalAgent, string>> = { 'claude-code': 'claude', codex: 'codex' };

/** Pure: what is wrong with a typed path before the engine is asked (empty, or not absolute); null when it may be sent. */
export function typedPathProblem(agent: ExternalAgent, text: string): string | null {
  if (text.trim() === '') return `Enter the full path of a ${COMMANDS[agent]} binary, or Clear to use the one on PATH.`;
  if (AgentPathText.safeParse(text.trim()).success) return null;
  return `${text.trim()} is not an absolute path: give the full path of the ${COMMANDS[agent]} binary (e.g. /usr/local/bin/${COMMANDS[agent]}).`;
}

/**
 * The binary runs of one agent start, chosen by path (Use this path: the engine checks it exists and runs, and keeps it at
 * once), or none (Clear: the one on PATH, else the bundled one). Like Providers and Tools, it acts at once rather than
 * joining the page's one draft (whose bar is the only Save). `onFound` gets the agent as the engine finds it with the new choice.
 */
export function AgentPathField({ agent, onFound }: Readonly<{ agent: ExternalAgent; onFound(info: AgentInfo): void }>) {
  const api = useApiClient();
  const stored = useSettingsStore((state) => state.settings?.agentPaths?.[agent]);
  // null: untouched, so the field shows what the settings hold (they may arrive after the first render).
  const [typed, setTyped] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const text = typed ?? stored ?? '';
  const id = `agent-path-${agent}`;

  const choose = async (path: string | null): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      onFound(await api.call('agents.setPath', { agent, path }));
      setTyped(path ?? '');
      receiveSettings(await api.call('settings.get', {}));
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const save = (): void => {
    const problem = typedPathProblem(agent, text);
    if (problem !== null) return setError(problem);
    void choose(text.trim());
  };

  return (
    <div className="agent-path" data-testid={id}>
      <Field
        id={id}
        label={`${AGENT_LABELS[agent]} path`}
        error={error ?? undefined}
        help={`The ${COMMANDS[agent]} binary runs start, instead of the one on PATH. Empty: the one on PATH, else the one Autoloop's packages carry.`}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            className="mono"
            value={text}
            placeholder={`/usr/local/bin/${COMMANDS[agent]}`}
            spellCheck={false}
            onChange={(event) => {
              setTyped(event.target.value);
              setError(null);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                save();
              }
            }}
          />
        )}
      </Field>
      <div className="run-buttons">
        <button type="button" className="button-small" onClick={save} disabled={busy}>
          Use this path
        </button>
        <button type="button" className="button-small" onClick={() => void choose(null)} disabled={busy || (stored === undefined && text === '')}>
          Clear
        </button>
      </div>
    </div>
  );
}
