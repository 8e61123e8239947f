import { z } from 'zod';
import { ProviderName, ProviderPatch, ProviderType } from './providers';

/** A configured provider as the API shows it: never its key, only whether one is there and where from. */
export const ProviderInfo = z.object({
  name: z.string(),
  type: ProviderType,
  /** The endpoint the engine talks to (the type's public one when none is configured). */
  baseUrl: z.string(),
  apiKeySet: z.boolean(),
  /** Where the key comes from: stored in settings, the environment variable, or nowhere yet. */
  apiKeySource: z.enum(['settings', 'env']).nullable(),
  apiKeyEnv: z.string().nullable(),
  contextWindow: z.number().int().nullable(),
});
export type ProviderInfo = z.infer<typeof ProviderInfo>;

/** The answer of `providers.test`: one cheap call, worded so a person knows what to do next. */
export const ProviderTestResult = z.object({ ok: z.boolean(), message: z.string() });
export type ProviderTestResult = z.infer<typeof ProviderTestResult>;

const ByName = z.object({ name: ProviderName }).strict();

/** The provider methods of the Autoloop API (DESIGN §5, §11); spread into `apiMethods`. */
export const providerMethods = {
  'providers.list': { params: z.object({}).strict().default({}), result: z.array(ProviderInfo) },
  'providers.test': {
    params: z.object({ name: ProviderName, model: z.string().min(1).max(200).optional() }).strict(),
    result: ProviderTestResult,
  },
  /** Adds or replaces one provider; a left-out `apiKey` keeps the stored key, `null` removes it. Answers the new list. */
  'providers.set': { params: z.object({ name: ProviderName, config: ProviderPatch }).strict(), result: z.array(ProviderInfo) },
  /** Removes one provider. Answers the new list. */
  'providers.remove': { params: ByName, result: z.array(ProviderInfo) },
} as const;
