import { DEFAULT_BASE_URLS, ProviderName, ProviderPatch, type ProviderType } from '../../../shared/providers';
import type { ProviderInfo } from '../../../shared/providers-api';

/** The provider form as typed. The key is never shown back: empty means "keep the stored key". */
export type ProviderDraft = Readonly<{
  name: string;
  type: ProviderType;
  baseUrl: string;
  apiKey: string;
  apiKeyEnv: string;
  removeKey: boolean;
}>;

/** The `providers.set` params, or the field errors to show. */
export type ProviderCheck = Readonly<{ ok: true; name: string; config: ProviderPatch } | { ok: false; errors: Readonly<Record<string, string>> }>;

const defaultBaseUrl = (type: ProviderType): string | undefined => (type === 'openai-compatible' ? undefined : DEFAULT_BASE_URLS[type]);

/** Pure: the form for a new provider, or prefilled from a configured one. */
export function draftFromProvider(info?: ProviderInfo): ProviderDraft {
  if (!info) return { name: '', type: 'openai-compatible', baseUrl: '', apiKey: '', apiKeyEnv: '', removeKey: false };
  return { name: info.name, type: info.type, baseUrl: info.baseUrl, apiKey: '', apiKeyEnv: info.apiKeyEnv ?? '', removeKey: false };
}

/**
 * Pure: the provider to send, checked with the same schemas the engine uses. The type's public
 * endpoint is left out rather than pinned; a configured context window is kept.
 */
export function checkProviderDraft(draft: ProviderDraft, existing?: ProviderInfo): ProviderCheck {
  const errors: Record<string, string> = {};
  const name = draft.name.trim();
  const checkedName = ProviderName.safeParse(name);
  if (!checkedName.success) errors.name = checkedName.error.issues[0]?.message ?? 'Not a valid provider name';
  const baseUrl = draft.baseUrl.trim();
  const apiKey = draft.apiKey.trim();
  const apiKeyEnv = draft.apiKeyEnv.trim();
  const config = {
    type: draft.type,
    ...(baseUrl !== '' && baseUrl !== defaultBaseUrl(draft.type) ? { baseUrl } : {}),
    ...(draft.removeKey ? { apiKey: null } : apiKey !== '' ? { apiKey } : {}),
    ...(apiKeyEnv !== '' ? { apiKeyEnv } : {}),
    ...(existing?.contextWindow ? { contextWindow: existing.contextWindow } : {}),
  };
  const checked = ProviderPatch.safeParse(config);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = String(issue.path[0] ?? 'form');
      errors[field] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !checked.success) return { ok: false, errors };
  return { ok: true, name, config: checked.data };
}
