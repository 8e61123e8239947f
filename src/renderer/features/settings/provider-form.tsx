import { type FormEvent, useEffect, useState } from 'react';
import type { SystemInfo } from '../../../shared/api';
import { messageOf } from '../../../shared/errors';
import { ProviderType } from '../../../shared/providers';
import type { ProviderInfo } from '../../../shared/providers-api';
import { useApiClient } from '../../api/api-context';
import { Field } from '../../ui/field';
import { TextField } from '../../ui/text-field';
import { checkProviderDraft, type ProviderDraft, draftFromProvider } from './provider-draft';
import { receiveProviders } from './settings-store';

const TYPE_LABELS: Readonly<Record<ProviderType, string>> = {
  anthropic: 'Anthropic',
  openai: 'OpenAI',
  'openai-compatible': 'OpenAI-compatible (local or hosted)',
};

/** Where a typed key goes, in words: sealed by the OS keyring, or plain text in a private file. Pure. */
export function keyStorageWords(storage: SystemInfo['keyStorage'] | null): string {
  if (storage === 'sealed') return 'Sealed with the system keyring.';
  if (storage === 'plain')
    return (
      'No system keyring here: a typed key is stored in plain text in a private file in the data folder (readable by your user only). An environment ' +
      'variable keeps it out of the data folder.'
    );
  return '';
}

/** Adds a provider (no `existing`) or edits one; keys are typed in but never shown back. */
export function ProviderForm({ existing, onDone }: Readonly<{ existing?: ProviderInfo; onDone(): void }>) {
  const api = useApiClient();
  const [draft, setDraft] = useState<ProviderDraft>(() => draftFromProvider(existing));
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const id = (field: string): string => `provider-${existing?.name ?? 'new'}-${field}`;
  const change = (patch: Partial<ProviderDraft>): void => setDraft({ ...draft, ...patch });
  const [keyStorage, setKeyStorage] = useState<SystemInfo['keyStorage'] | null>(null);
  useEffect(() => {
    let isCurrent = true;
    api.call('system.info', {}).then(
      (info) => isCurrent && setKeyStorage(info.keyStorage),
      () => undefined, // the help text just says less
    );
    return () => {
      isCurrent = false;
    };
  }, [api]);

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const checked = checkProviderDraft(draft, existing);
    if (!checked.ok) {
      setErrors(checked.errors);
      setError(checked.errors.form ?? 'Some fields need attention.');
      return;
    }
    setErrors({});
    setError(null);
    setSaving(true);
    try {
      receiveProviders(await api.call('providers.set', { name: checked.name, config: checked.config }));
      onDone();
    } catch (failure) {
      setError(`Could not save the provider: ${messageOf(failure)}`);
      setSaving(false);
    }
  };

  const keyHelp = existing?.apiKeySet
    ? `A key is set (${existing.apiKeySource === 'env' ? `from ${existing.apiKeyEnv ?? 'the environment'}` : 'stored'}). Leave empty to keep it.`
    : `Stored by the engine and never shown again. ${keyStorageWords(keyStorage)}`.trim();
  return (
    <form className="form provider-form" noValidate onSubmit={(event) => void submit(event)} aria-label={existing ? `Edit ${existing.name}` : 'Add a provider'}>
      {!existing && (
        <TextField
          id={id('name')}
          label="Name"
          value={draft.name}
          error={errors.name}
          help="The first part of model ids: name/model."
          onChange={(name) => change({ name })}
        />
      )}
      <Field id={id('type')} label="Type" error={errors.type}>
        {(control) => (
          <select {...control} value={draft.type} onChange={(event) => change({ type: event.target.value as ProviderType })}>
            {ProviderType.options.map((type) => (
              <option key={type} value={type}>
                {TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField
        id={id('baseUrl')}
        label="Base URL"
        value={draft.baseUrl}
        type="url"
        inputMode="url"
        error={errors.baseUrl}
        placeholder={draft.type === 'openai-compatible' ? 'http://127.0.0.1:11434/v1' : 'The public endpoint'}
        onChange={(baseUrl) => change({ baseUrl })}
      />
      <TextField
        id={id('apiKey')}
        label="API key"
        value={draft.apiKey}
        type="password"
        autoComplete="off"
        error={errors.apiKey}
        help={keyHelp}
        placeholder={existing?.apiKeySet ? 'Key set' : ''}
        onChange={(apiKey) => change({ apiKey })}
      />
      {existing?.apiKeySet && existing.apiKeySource === 'settings' && (
        <label className="checkbox-row">
          <input type="checkbox" checked={draft.removeKey} onChange={(event) => change({ removeKey: event.target.checked })} />
          Remove the stored key
        </label>
      )}
      <TextField
        id={id('apiKeyEnv')}
        label="Key from environment variable"
        value={draft.apiKeyEnv}
        error={errors.apiKeyEnv}
        placeholder="e.g. ANTHROPIC_API_KEY"
        help="Used when no key is stored."
        onChange={(apiKeyEnv) => change({ apiKeyEnv })}
      />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={isSaving}>
          {existing ? 'Save provider' : 'Add provider'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
    </form>
  );
}
