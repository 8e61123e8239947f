import { type ProviderSettings, describeConnectionError, describeHttpStatus, hostOf, missingKeyMessage, needsApiKey } from '../../shared/providers';
import type { ProviderTestResult } from '../../shared/providers-api';
import { undatedModelId } from '../budget/prices';
import { type ProviderEnv, baseUrlOf, providerKey } from './provider-keys';

/** How long `providers.test` waits for an answer. */
export const PROVIDER_TEST_TIMEOUT_MS = 10_000;

export type ProviderTestDeps = Readonly<{ fetch?: typeof fetch; timeoutMs?: number }>;

/** A provider's own error message out of its error body (`{"error":{"message":…}}` and the like). */
export function providerMessageOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const record = parsed as Record<string, unknown>;
    const error = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : record;
    const message = error.message ?? record.message ?? record.detail ?? (typeof record.error === 'string' ? record.error : undefined);
    return typeof message === 'string' ? message : undefined;
  } catch {
    return body.length > 0 && body.length <= 200 && !body.trimStart().startsWith('<') ? body : undefined;
  }
}

function modelIdsOf(body: string): string[] | null {
  try {
    const parsed = JSON.parse(body) as { data?: unknown; models?: unknown };
    const list = Array.isArray(parsed.data) ? parsed.data : Array.isArray(parsed.models) ? parsed.models : null;
    if (!list) return null;
    return list.flatMap((entry: unknown) => {
      const record = entry as Record<string, unknown> | null;
      const id = record?.id ?? record?.name;
      return typeof id === 'string' ? [id] : [];
    });
  } catch {
    return null;
  }
}

function connectionMessage(error: unknown, url: string, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer from ${hostOf(url)} within ${Math.round(timeoutMs / 1000)} s`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return describeConnectionError(typeof cause?.code === 'string' ? cause.code : undefined, url);
}

const countOf = (ids: ReadonlyArray<string>): string => `${ids.length} model${ids.length === 1 ? '' : 's'} available`;

/** A message never carries the key, even where a provider echoes it back. */
function redact(text: string, key: string | undefined): string {
  return key ? text.split(key).join('***') : text;
}

/**
 * Checks a provider with one free call, from the engine: `GET <baseUrl>/models` with its key. Says
 * whether the key works, how many models it offers, and whether `model` is one of them.
 */
export async function testProvider(
  name: string,
  provider: ProviderSettings,
  env: ProviderEnv,
  model: string | undefined,
  deps: ProviderTestDeps = {},
): Promise<ProviderTestResult> {
  const found = providerKey(provider, env);
  if (needsApiKey(provider.type) && !found) return { ok: false, message: missingKeyMessage(name, provider) };
  const key = found?.key;
  const base = baseUrlOf(provider);
  const url = `${base}/models${provider.type === 'anthropic' ? '?limit=1000' : ''}`;
  const headers: Record<string, string> =
    provider.type === 'anthropic' ? { 'x-api-key': key ?? '', 'anthropic-version': '2023-06-01' } : key ? { authorization: `Bearer ${key}` } : {};
  const timeoutMs = deps.timeoutMs ?? PROVIDER_TEST_TIMEOUT_MS;
  let response: Response;
  let body: string;
  try {
    response = await (deps.fetch ?? fetch)(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    body = await response.text();
  } catch (error) {
    return { ok: false, message: redact(connectionMessage(error, base, timeoutMs), key) };
  }
  if (!response.ok) return { ok: false, message: redact(describeHttpStatus(response.status, hostOf(base), providerMessageOf(body)), key) };
  const ids = modelIdsOf(body);
  if (ids === null) return { ok: false, message: `${hostOf(base)} answered, but not with a list of models: check the base URL (${base})` };
  const wanted = model?.startsWith(`${name}/`) ? model.slice(name.length + 1) : model;
  if (wanted === undefined) return { ok: true, message: `ok: ${countOf(ids)}` };
  const listed = ids.some((id) => id === wanted || undatedModelId(id) === undatedModelId(wanted));
  return listed
    ? { ok: true, message: `ok: ${countOf(ids)}, including ${wanted}` }
    : { ok: false, message: `The key works (${countOf(ids)}), but ${hostOf(base)} lists no model ${wanted}: check the model name` };
}
