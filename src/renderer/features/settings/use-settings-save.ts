import { useState } from 'react';
import { messageOf } from '../../../shared/errors';
import type { SettingsPatch } from '../../../shared/settings';
import { useApiClient } from '../../api/api-context';
import { receiveSettings } from './settings-store';

/** Saving one section of the settings: whether it is in flight, what the engine said, and that it worked. */
export type SettingsSave = Readonly<{
  save(patch: SettingsPatch): Promise<void>;
  isSaving: boolean;
  error: string | null;
  isSaved: boolean;
  /** Shows a problem found before saving (field checks). */
  fail(message: string): void;
}>;

/** Sends a settings patch with `settings.set` and keeps the answer in the settings store. */
export function useSettingsSave(): SettingsSave {
  const api = useApiClient();
  const [isSaving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isSaved, setSaved] = useState(false);
  return {
    isSaving,
    error,
    isSaved,
    fail(message) {
      setError(message);
      setSaved(false);
    },
    async save(patch) {
      setSaving(true);
      setError(null);
      setSaved(false);
      try {
        receiveSettings(await api.call('settings.set', patch));
        setSaved(true);
      } catch (failure) {
        setError(`Could not save: ${messageOf(failure)}`);
      } finally {
        setSaving(false);
      }
    },
  };
}
