import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import type { ProviderInfo, ProviderTestResult } from '../../../shared/providers-api';
import { useApiClient } from '../../api/api-context';
import { ProviderForm } from './provider-form';
import { receiveProviders, useSettingsStore } from './settings-store';

type Outcome = Readonly<{ ok: boolean; message: string }>;

function keyText(provider: ProviderInfo): string {
  if (!provider.apiKeySet) return provider.type === 'openai-compatible' ? 'no key (fine for a local server)' : 'no key yet';
  return provider.apiKeySource === 'env' ? `key set (from ${provider.apiKeyEnv ?? 'the environment'})` : 'key set';
}

/**
 * One configured provider: its endpoint and key state, Test (the engine's answer in words), Edit and Remove.
 * `isFocused` (a link to this provider, such as a run whose key was refused) scrolls to it with its form open.
 */
function ProviderRow({ provider, isFocused }: Readonly<{ provider: ProviderInfo; isFocused: boolean }>) {
  const api = useApiClient();
  const row = useRef<HTMLLIElement>(null);
  const [isEditing, setEditing] = useState(isFocused);
  useEffect(() => {
    if (isFocused) row.current?.scrollIntoView({ block: 'start' });
  }, [isFocused]);
  const [isConfirmingRemove, setConfirmingRemove] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const act = async (call: () => Promise<Outcome | null>, what: string): Promise<void> => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome(await call());
    } catch (failure) {
      setOutcome({ ok: false, message: `Could not ${what}: ${messageOf(failure)}` });
    } finally {
      setBusy(false);
    }
  };
  const test = (): Promise<void> =>
    act(async () => (await api.call('providers.test', { name: provider.name })) satisfies ProviderTestResult, `test ${provider.name}`);
  const remove = (): Promise<void> =>
    act(async () => {
      receiveProviders(await api.call('providers.remove', { name: provider.name }));
      return null;
    }, `remove ${provider.name}`);

  return (
    <li className={`provider-row${isFocused ? ' provider-row-focused' : ''}`} data-testid={`provider-${provider.name}`} ref={row}>
      <div className="provider-head">
        <h3>{provider.name}</h3>
        <span className="muted">{provider.type}</span>
        <span className="mono muted provider-url">{provider.baseUrl}</span>
        <span className={provider.apiKeySet ? 'badge badge-user' : 'badge'} data-testid={`provider-key-${provider.name}`}>
          {keyText(provider)}
        </span>
      </div>
      <div className="run-buttons provider-buttons">
        <button type="button" className="button-small" onClick={() => void test()} disabled={busy} aria-label={`Test ${provider.name}`}>
          Test
        </button>
        <button type="button" className="button-small" onClick={() => setEditing(!isEditing)} aria-expanded={isEditing} aria-label={`Edit ${provider.name}`}>
          Edit
        </button>
        {isConfirmingRemove ? (
          <span className="confirm-inline" role="group" aria-label={`Remove ${provider.name}?`}>
            <button type="button" className="button-small button-danger" onClick={() => void remove()} disabled={busy}>
              Yes, remove
            </button>
            <button type="button" className="button-small" onClick={() => setConfirmingRemove(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" className="button-small button-danger" onClick={() => setConfirmingRemove(true)} aria-label={`Remove ${provider.name}`}>
            Remove
          </button>
        )}
      </div>
      {outcome && (
        <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'note' : 'alert'} data-testid={`provider-test-${provider.name}`}>
          {outcome.message}
        </p>
      )}
      {isEditing && <ProviderForm existing={provider} onDone={() => setEditing(false)} />}
    </li>
  );
}

/** The configured model providers, and a form to add one. `scripted` is built in and always there. `focus` names the provider a link asked for. */
export function ProvidersSection({ focus = null }: Readonly<{ focus?: string | null }>) {
  const providers = useSettingsStore((state) => state.providers);
  const [isAdding, setAdding] = useState(false);
  return (
    <section className="panel settings-section" aria-labelledby="settings-providers-heading" id="settings-providers">
      <h2 id="settings-providers-heading">Providers</h2>
      <p className="muted">The built-in scripted provider needs no setup: it plays scripts such as scripted/demo-counter.</p>
      {providers === null ? (
        <p className="muted">Loading providers…</p>
      ) : (
        <ul className="provider-list" aria-label="Configured providers">
          {providers.map((provider) => (
            <ProviderRow key={provider.name} provider={provider} isFocused={provider.name === focus} />
          ))}
        </ul>
      )}
      {isAdding ? (
        <ProviderForm onDone={() => setAdding(false)} />
      ) : (
        <div>
          <button type="button" onClick={() => setAdding(true)}>
            Add a provider
          </button>
        </div>
      )}
    </section>
  );
}
