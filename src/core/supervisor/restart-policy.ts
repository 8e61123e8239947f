/** How a run's process is restarted after a crash (DESIGN §4). */
export type RestartPolicy = Readonly<{ policy: 'none' | 'on-crash'; maxRestarts: number }>;

export type BackoffOptions = Readonly<{ baseMs: number; capMs: number; jitterMs: number }>;

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 60_000, jitterMs: 500 };

/**
 * The wait before restart number `attempt` (0-based): exponential from `baseMs`, capped at `capMs`,
 * plus or minus up to `jitterMs`. `random` returns [0, 1).
 */
export function restartDelayMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponential = Math.min(options.baseMs * 2 ** attempt, options.capMs);
  const jitter = options.jitterMs === 0 ? 0 : (random() * 2 - 1) * options.jitterMs;
  return Math.max(0, Math.round(exponential + jitter));
}

/** Whether a crashed run gets another process. */
export function shouldRestart(policy: RestartPolicy, restartsSoFar: number): boolean {
  return policy.policy === 'on-crash' && restartsSoFar < policy.maxRestarts;
}
