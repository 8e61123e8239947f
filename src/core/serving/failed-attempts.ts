import type { Logger } from '../logger';

/** Failed token attempts one address may make in `FAILED_ATTEMPT_WINDOW_MS` before it is refused without a check. */
export const MAX_FAILED_ATTEMPTS = 10;
export const FAILED_ATTEMPT_WINDOW_MS = 60_000;
/** Addresses remembered at most; past it the oldest are forgotten (a flood of addresses cannot grow the engine). */
const MAX_ADDRESSES = 10_000;

/** Counts failed token attempts per address: each is logged, and an address past the limit is refused for the window. */
export type FailedAttempts = Readonly<{
  /** Whether `address` made too many failed attempts lately: refuse it (429) without checking anything. */
  isBlocked(address: string): boolean;
  recordFailure(address: string, what: string): void;
}>;

export function createFailedAttempts(options: Readonly<{ log: Logger; max?: number; windowMs?: number; now?: () => number }>): FailedAttempts {
  const max = options.max ?? MAX_FAILED_ATTEMPTS;
  const windowMs = options.windowMs ?? FAILED_ATTEMPT_WINDOW_MS;
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();
  const recent = (address: string): number[] => {
    const since = now() - windowMs;
    const times = (failures.get(address) ?? []).filter((at) => at > since);
    if (times.length === 0) failures.delete(address);
    else failures.set(address, times);
    return times;
  };
  return {
    isBlocked: (address) => recent(address).length >= max,
    recordFailure(address, what) {
      const times = recent(address);
      times.push(now());
      failures.delete(address);
      failures.set(address, times); // the newest last, so the oldest address is the first key
      if (failures.size > MAX_ADDRESSES) failures.delete(failures.keys().next().value as string);
      options.log.warn(`access: refused ${what} from ${address}: no valid token (${times.length} failed in the last ${windowMs / 1000} s)`);
      if (times.length === max) options.log.warn(`access: ${address} made ${max} failed attempts; it is refused without a check for ${windowMs / 1000} s`);
    },
  };
}
