import { SCRIPTED_PROVIDER } from '../../../shared/providers';
import type { Settings } from '../../../shared/settings';
import type { PatchCheck } from './settings-drafts';

/** The concurrency caps as typed: the overall cap, and one per provider (empty: only the overall cap limits it). */
export type ConcurrencyDraft = Readonly<{ maxConcurrentRuns: string; perProvider: Readonly<Record<string, string>> }>;

/** The most runs a cap may name (the settings schema's bound). */
const CAP_MAX = 1_000;

/** The field id of a provider's cap. */
export function providerCapField(provider: string): string {
  return `concurrency-provider-${provider}`;
}

/** Pure: the providers that get a cap field: every configured one, the scripted demo, and any with a cap saved. */
export function cappableProviders(settings: Settings): string[] {
  return [...new Set([...Object.keys(settings.providers), SCRIPTED_PROVIDER, ...Object.keys(settings.concurrency.perProvider)])].sort();
}

/** Pure: the concurrency form prefilled from the settings. */
export function concurrencyDraftFrom(settings: Settings): ConcurrencyDraft {
  const perProvider: Record<string, string> = {};
  for (const provider of cappableProviders(settings)) {
    const cap = settings.concurrency.perProvider[provider];
    perProvider[provider] = cap === undefined ? '' : String(cap);
  }
  return { maxConcurrentRuns: String(settings.concurrency.maxConcurrentRuns), perProvider };
}

function readCap(text: string): number | null {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) && value >= 0 && value <= CAP_MAX ? value : null;
}

/** Pure: the caps to save; the overall cap is needed (0: no limit), an empty provider cap is left out (the whole set is sent). */
export function checkConcurrencyDraft(draft: ConcurrencyDraft): PatchCheck {
  const errors: Record<string, string> = {};
  const message = `Use a whole number from 0 (no limit) to ${CAP_MAX}`;
  const maxConcurrentRuns = readCap(draft.maxConcurrentRuns);
  if (maxConcurrentRuns === null) errors.maxConcurrentRuns = message;
  const perProvider: Record<string, number> = {};
  for (const [provider, text] of Object.entries(draft.perProvider)) {
    if (text.trim() === '') continue;
    const cap = readCap(text);
    if (cap === null) errors[providerCapField(provider)] = message;
    else perProvider[provider] = cap;
  }
  if (maxConcurrentRuns === null || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, patch: { concurrency: { maxConcurrentRuns, perProvider } } };
}
