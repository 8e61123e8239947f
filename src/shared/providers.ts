import { z } from 'zod';

/** The HTTP provider adapters Autoloop ships; `scripted` is always there besides them and needs no settings. */
export const ProviderType = z.enum(['anthropic', 'openai', 'openai-compatible']);
export type ProviderType = z.infer<typeof ProviderType>;

/** The built-in provider that plays a script (DESIGN §6); no configured provider may take its name. */
export const SCRIPTED_PROVIDER = 'scripted';

/** A provider's name is the first part of a model id (`name/model`), so it cannot hold a slash. */
export const ProviderName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/i, 'a provider name is 1–40 letters, digits, dots, dashes or underscores')
  .refine((name) => name !== SCRIPTED_PROVIDER, 'the name "scripted" belongs to the built-in scripted provider');

const BaseUrl = z
  .string()
  .max(2_000)
  .regex(/^https?:\/\/[^\s/?#]+[^\s]*$/, 'a base URL starts with http:// or https://');
const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name such as ANTHROPIC_API_KEY');
const ContextWindow = z.number().int().min(1_000).max(10_000_000);

/**
 * One configured provider, as stored. What the API returns never holds `apiKey`: it says
 * `apiKeySet: true` instead (DESIGN §11: keys never leave the engine except to a runner).
 */
export const ProviderSettings = z
  .object({
    type: ProviderType,
    /** Where the API lives, e.g. http://127.0.0.1:11434/v1; the type's public endpoint when left out. */
    baseUrl: BaseUrl.optional(),
    apiKey: z.string().min(1).max(1_000).optional(),
    /** The engine's environment variable that holds the key when none is stored. */
    apiKeyEnv: EnvName.optional(),
    /** The context window of this provider's models in tokens, when the built-in table does not know them. */
    contextWindow: ContextWindow.optional(),
    /** Output only: a key is stored. Ignored on input. */
    apiKeySet: z.boolean().optional(),
  })
  .strict();
export type ProviderSettings = z.infer<typeof ProviderSettings>;

/**
 * A provider as a patch gives it: it replaces the stored entry, except that a left-out `apiKey`
 * keeps the stored key (the UI never sees it) and `apiKey: null` removes it.
 */
export const ProviderPatch = ProviderSettings.extend({ apiKey: z.string().min(1).max(1_000).nullable().optional() })
  .strict()
  .refine((provider) => provider.type !== 'openai-compatible' || provider.baseUrl !== undefined, {
    message: 'an openai-compatible provider needs a baseUrl, e.g. http://127.0.0.1:11434/v1',
    path: ['baseUrl'],
  });
export type ProviderPatch = z.infer<typeof ProviderPatch>;

/** The configured providers by name. */
export const Providers = z.record(ProviderName, ProviderSettings);
export type Providers = z.infer<typeof Providers>;

/** Providers of a patch: the whole set, by name (a provider left out is removed). */
export const ProvidersPatch = z.record(ProviderName, ProviderPatch);
export type ProvidersPatch = z.infer<typeof ProvidersPatch>;

/** A fresh install knows Anthropic and OpenAI, keyed from their usual environment variables (DESIGN §11). */
export const DEFAULT_PROVIDERS: Providers = {
  anthropic: { type: 'anthropic', apiKeyEnv: 'ANTHROPIC_API_KEY' },
  openai: { type: 'openai', apiKeyEnv: 'OPENAI_API_KEY' },
};

/** The public endpoint of each type; an openai-compatible provider always names its own. */
export const DEFAULT_BASE_URLS: Readonly<Record<Exclude<ProviderType, 'openai-compatible'>, string>> = {
  anthropic: 'https://api.anthropic.com/v1',
  openai: 'https://api.openai.com/v1',
};

/** USD per million tokens. */
export const Price = z
  .object({ input: z.number().min(0), output: z.number().min(0), cacheRead: z.number().min(0).optional(), cacheWrite: z.number().min(0).optional() })
  .strict();
export type Price = z.infer<typeof Price>;

/** Price overrides by `provider/model`, as runs store their model. */
export const Prices = z.record(z.string().regex(/^[^/\s]+\/\S+$/, 'a price is keyed by provider/model'), Price);
export type Prices = z.infer<typeof Prices>;

/** What `init.model.options` carries for an HTTP provider (the key travels in `init.secrets[providerName]`). */
export const ModelOptions = z.object({
  providerName: z.string().min(1),
  baseUrl: z.string().optional(),
  contextWindow: z.number().int().positive().optional(),
});
export type ModelOptions = z.infer<typeof ModelOptions>;

/** The providers after a patch that names them all; see `ProviderPatch` for the key. */
export function applyProvidersPatch(current: Providers, patch: ProvidersPatch): Providers {
  return Object.fromEntries(
    Object.entries(patch).map(([name, entry]) => {
      const { apiKey, apiKeySet: _output, ...rest } = entry;
      const key = apiKey === undefined ? current[name]?.apiKey : (apiKey ?? undefined);
      return [name, key === undefined ? rest : { ...rest, apiKey: key }];
    }),
  );
}

/** Whether a provider cannot work without a key (a local openai-compatible server often needs none). */
export function needsApiKey(type: ProviderType): boolean {
  return type !== 'openai-compatible';
}

/** What to tell a person who starts a run on a provider without a key. */
export function missingKeyMessage(name: string, provider: Pick<ProviderSettings, 'apiKeyEnv'>): string {
  const where = provider.apiKeyEnv ? `set ${provider.apiKeyEnv} or add a key` : 'add a key';
  return `No API key for provider ${name}: ${where} in Settings → Providers`;
}

/** The host of a URL (`api.anthropic.com`), or the text itself when it is no URL. */
export function hostOf(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(url)?.[1] ?? url;
}

/** Scheme and host of a URL (`http://127.0.0.1:11434`). */
export function originOf(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+/i.exec(url)?.[0] ?? url;
}

const withDetail = (text: string, detail: string | undefined): string => (detail && detail.trim() !== '' ? `${text}: ${detail.trim().slice(0, 300)}` : text);

/**
 * What an HTTP error status from a provider means, for a person. `detail` is the provider's own
 * message; it is left out for 401/403, where providers echo part of the key.
 */
export function describeHttpStatus(status: number, where: string, detail?: string): string {
  if (status === 401 || status === 403) return `${status}: the key was refused by ${where}; check the key in Settings → Providers`;
  if (status === 404) return withDetail(`404: ${where} has no such model or endpoint; check the model name and the base URL`, detail);
  if (status === 408) return withDetail(`408: ${where} timed out`, detail);
  if (status === 429) return withDetail(`429: rate limited by ${where}`, detail);
  if (status === 529) return withDetail(`529: ${where} is overloaded`, detail);
  if (status >= 500) return withDetail(`${status}: ${where} had a server error`, detail);
  if (status >= 400) return withDetail(`${status}: ${where} refused the request`, detail);
  return withDetail(`${status}: unexpected answer from ${where}`, detail);
}

/** What a failed connection means, by the system error code (ECONNREFUSED, ENOTFOUND, …). */
export function describeConnectionError(code: string | undefined, url: string): string {
  const origin = originOf(url);
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused at ${origin}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve ${hostOf(url)}: check the base URL and the network`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `the connection to ${origin} was closed unexpectedly`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `no connection to ${origin}: it timed out`;
    case undefined:
    default:
      if (code && /CERT|SSL|TLS/.test(code)) return `TLS error at ${origin} (${code})`;
      return `cannot connect to ${origin}${code ? ` (${code})` : ''}`;
  }
}

/** The provider part of a model id (`local` of `local/test-model`); null when it names none. */
export function providerOfModel(model: string): string | null {
  const slash = model.indexOf('/');
  return slash > 0 ? model.slice(0, slash) : null;
}
