import { z } from 'zod';

/** A named access token as the API shows it: never the token itself, which is shown once when made. */
export const AccessTokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  readOnly: z.boolean(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type AccessTokenInfo = z.infer<typeof AccessTokenInfo>;

export const TOKEN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const TokenName = z.string().regex(TOKEN_NAME_PATTERN, 'a token name is 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit');

/**
 * The `tokens.*` methods (issue #25), spread into `apiMethods`. Only the engine's own token (the one in
 * access.json, on this machine) may call them: a named token can neither make nor revoke tokens.
 */
export const tokenMethods = {
  'tokens.list': { params: z.object({}).strict().default({}), result: z.array(AccessTokenInfo) },
  /** Makes a token; the result carries it once (`token`), the engine keeps only its digest. */
  'tokens.create': {
    params: z.object({ name: TokenName, readOnly: z.boolean().default(false) }).strict(),
    result: z.object({ info: AccessTokenInfo, token: z.string() }),
  },
  /** Revokes a live token by name: every connection made with it is closed at once. */
  'tokens.revoke': { params: z.object({ name: TokenName }).strict(), result: AccessTokenInfo },
} as const;

/** Methods only the engine's own token may call. */
export const OWNER_METHODS: ReadonlySet<string> = new Set(Object.keys(tokenMethods));
