import { useEffect, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import { useApiClient } from '../../api/api-context';
import {
  type BudgetsDraft,
  budgetsDraftFrom,
  checkBudgetsDraft,
  checkDefaultsDraft,
  checkRetentionDraft,
  type DefaultsDraft,
  defaultsDraftFrom,
  type FieldErrors,
  type RetentionDraft,
  retentionDraftFrom,
} from './settings-drafts';
import { receiveSettings } from './settings-store';
import { checkConcurrencyDraft, type ConcurrencyDraft, concurrencyDraftFrom } from './concurrency-draft';

/** Everything on the Settings page that one Save sends: run defaults, daily budgets, notifications and data retention, as typed. */
export type SettingsPageDraft = Readonly<{
  defaults: DefaultsDraft;
  budgets: BudgetsDraft;
  concurrency: ConcurrencyDraft;
  notifications: Settings['notifications'];
  retention: RetentionDraft;
}>;

/** The sections of the draft, with the names the save bar uses for them. */
export const DRAFT_SECTIONS: ReadonlyArray<Readonly<{ key: keyof SettingsPageDraft; label: string }>> = [
  { key: 'defaults', label: 'Run defaults' },
  { key: 'budgets', label: 'Daily budgets' },
  { key: 'concurrency', label: 'Concurrent runs' },
  { key: 'notifications', label: 'Notifications' },
  { key: 'retention', label: 'Data' },
];

/** Pure: the page's draft as the settings are now. */
export function pageDraftFrom(settings: Settings): SettingsPageDraft {
  return {
    defaults: defaultsDraftFrom(settings),
    budgets: budgetsDraftFrom(settings),
    concurrency: concurrencyDraftFrom(settings),
    notifications: settings.notifications,
    retention: retentionDraftFrom(settings),
  };
}

/** Pure: the sections whose fields differ from the settings as saved ("Run defaults", "Data"). */
export function changedSections(draft: SettingsPageDraft, saved: SettingsPageDraft): string[] {
  return DRAFT_SECTIONS.filter(({ key }) => JSON.stringify(draft[key]) !== JSON.stringify(saved[key])).map(({ label }) => label);
}

/** Pure: one patch for the whole page, or every field error on it (field ids are unique across the sections). */
export function checkPageDraft(draft: SettingsPageDraft): Readonly<{ ok: true; patch: SettingsPatch } | { ok: false; errors: FieldErrors }> {
  const checks = [
    checkDefaultsDraft(draft.defaults),
    checkBudgetsDraft(draft.budgets),
    checkConcurrencyDraft(draft.concurrency),
    checkRetentionDraft(draft.retention),
  ];
  const errors = Object.assign({}, ...checks.map((check) => (check.ok ? {} : check.errors))) as FieldErrors;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const patch = Object.assign({ notifications: draft.notifications }, ...checks.map((check) => (check.ok ? check.patch : {}))) as SettingsPatch;
  return { ok: true, patch };
}

/** What the page shows of its one save state. */
export type SettingsPageSave = Readonly<{
  draft: SettingsPageDraft;
  errors: FieldErrors;
  /** The sections with unsaved changes, by name; empty when everything is saved. */
  changed: ReadonlyArray<string>;
  isSaving: boolean;
  /** The last save worked and nothing changed since. */
  isSaved: boolean;
  error: string | null;
  change<K extends keyof SettingsPageDraft>(section: K, patch: Partial<SettingsPageDraft[K]>): void;
  save(): Promise<void>;
  discard(): void;
}>;

/**
 * One save state for the Settings page: a draft of every section, what differs from the saved settings, one Save that
 * checks every field and sends one `settings.set`, and Discard. Settings that change elsewhere replace the draft only
 * while it holds no edits.
 */
export function useSettingsPageDraft(settings: Settings): SettingsPageSave {
  const api = useApiClient();
  const saved = pageDraftFrom(settings);
  const [draft, setDraft] = useState<SettingsPageDraft>(saved);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [isSaving, setSaving] = useState(false);
  const [isSaved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const changed = changedSections(draft, saved);
  const [base, setBase] = useState(settings);
  useEffect(() => {
    if (settings === base) return;
    setBase(settings);
    // Saved here or elsewhere: a draft without edits follows; one with edits keeps them.
    if (changedSections(draft, pageDraftFrom(base)).length === 0) setDraft(pageDraftFrom(settings));
  }, [settings, base, draft]);

  return {
    draft,
    errors,
    changed,
    isSaving,
    isSaved: isSaved && changed.length === 0,
    error,
    change(section, patch) {
      setDraft((current) => ({ ...current, [section]: { ...current[section], ...patch } }));
      setSaved(false);
    },
    async save() {
      const checked = checkPageDraft(draft);
      setErrors(checked.ok ? {} : checked.errors);
      if (!checked.ok) return setError('Some settings need attention: see the marked fields.');
      setSaving(true);
      setError(null);
      try {
        const answer = await api.call('settings.set', checked.patch);
        setDraft(pageDraftFrom(answer));
        setBase(answer);
        receiveSettings(answer);
        setSaved(true);
      } catch (failure) {
        setError(`Could not save: ${messageOf(failure)}`);
      } finally {
        setSaving(false);
      }
    },
    discard() {
      setDraft(saved);
      setErrors({});
      setError(null);
    },
  };
}
