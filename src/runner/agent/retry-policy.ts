import type { ProviderErrorClass } from './provider-errors';

/** How a model call is retried inside a turn (DESIGN §6). */
export type RetryPolicy = Readonly<{
  maxRetries: number;
  /** The first wait; each retry doubles it: 2, 4, 8 s. */
  baseDelayMs: number;
  /** Rate limits wait this many times longer: 6, 12, 24 s. */
  rateLimitFactor: number;
  /** A `retry-after` longer than this is not waited out inside the turn: the iteration fails instead. */
  maxRetryAfterMs: number;
  /** An attempt that has produced no chunk after this long is abandoned as a timeout (and retried). */
  firstChunkTimeoutMs: number;
}>;

/** DESIGN §6: 3 retries at 2/4/8 s, ×3 for rate limits. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 2_000,
  rateLimitFactor: 3,
  maxRetryAfterMs: 60_000,
  firstChunkTimeoutMs: 120_000,
};

/** How long to wait before retry number `retry` (1-based), or null when the error must not be retried. */
export function retryDelayMs(error: ProviderErrorClass, retry: number, policy: RetryPolicy): number | null {
  if (!error.transient || retry > policy.maxRetries) return null;
  if (error.retryAfterMs !== undefined) return error.retryAfterMs <= policy.maxRetryAfterMs ? error.retryAfterMs : null;
  const factor = error.kind === 'rate_limit' ? policy.rateLimitFactor : 1;
  return policy.baseDelayMs * 2 ** (retry - 1) * factor;
}
