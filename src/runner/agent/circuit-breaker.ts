/** When a provider's circuit opens and for how long (DESIGN §6: 5 failures in 60 s → open 120 s). */
export type BreakerOptions = Readonly<{ failureThreshold: number; windowMs: number; openMs: number; probeWaitMs: number }>;

/** DESIGN §6; a half-open circuit's second caller waits `probeWaitMs` for the probe. */
export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = { failureThreshold: 5, windowMs: 60_000, openMs: 120_000, probeWaitMs: 5_000 };

/**
 * closed: calls go through; recent failure times are kept. open: no calls until `until`.
 * half_open: one probe call may go; its outcome closes or reopens the circuit.
 */
export type BreakerState = Readonly<
  { kind: 'closed'; failures: ReadonlyArray<number> } | { kind: 'open'; until: number } | { kind: 'half_open'; probing: boolean }
>;

export type BreakerAdmission = Readonly<{ allowed: true } | { allowed: false; retryAfterMs: number }>;

/** A closed circuit with no recent failures. */
export const CLOSED: BreakerState = { kind: 'closed', failures: [] };

/** The state as time passes: an open circuit whose cooldown is over becomes half-open. */
export function breakerAt(state: BreakerState, now: number): BreakerState {
  return state.kind === 'open' && now >= state.until ? { kind: 'half_open', probing: false } : state;
}

/** Whether a call may go now, and the state after letting it (a half-open circuit lets exactly one probe). */
export function admitCall(state: BreakerState, now: number, options: BreakerOptions): Readonly<{ state: BreakerState; admission: BreakerAdmission }> {
  const current = breakerAt(state, now);
  switch (current.kind) {
    case 'closed':
      return { state: current, admission: { allowed: true } };
    case 'open':
      return { state: current, admission: { allowed: false, retryAfterMs: current.until - now } };
    case 'half_open':
      return current.probing
        ? { state: current, admission: { allowed: false, retryAfterMs: options.probeWaitMs } }
        : { state: { kind: 'half_open', probing: true }, admission: { allowed: true } };
  }
}

/** The state after a transient failure (429, 5xx, timeout, connection): a failed probe reopens at once. */
export function recordFailure(state: BreakerState, now: number, options: BreakerOptions): BreakerState {
  const current = breakerAt(state, now);
  if (current.kind === 'half_open') return { kind: 'open', until: now + options.openMs };
  if (current.kind === 'open') return current;
  const failures = [...current.failures.filter((at) => now - at < options.windowMs), now];
  return failures.length >= options.failureThreshold ? { kind: 'open', until: now + options.openMs } : { kind: 'closed', failures };
}

/** The state after the provider answered: a good probe closes the circuit. */
export function recordSuccess(state: BreakerState, now: number): BreakerState {
  const current = breakerAt(state, now);
  return current.kind === 'half_open' ? CLOSED : current;
}

/** The state after a call ended with no verdict (aborted): a probe in flight gives its turn back. */
export function releaseProbe(state: BreakerState, now: number): BreakerState {
  const current = breakerAt(state, now);
  return current.kind === 'half_open' ? { kind: 'half_open', probing: false } : current;
}

/** One provider's circuit breaker over the pure state machine above, with an injectable clock. */
export type CircuitBreaker = Readonly<{
  admit(): BreakerAdmission;
  failed(): void;
  succeeded(): void;
  abandoned(): void;
  /** How long until the circuit lets a call through, or null when it would now. Changes nothing. */
  blockedForMs(): number | null;
  state(): BreakerState;
}>;

/** A circuit breaker; `now` is injectable so tests drive the clock. */
export function createCircuitBreaker(options: BreakerOptions = DEFAULT_BREAKER_OPTIONS, now: () => number = Date.now): CircuitBreaker {
  let state: BreakerState = CLOSED;
  return {
    admit() {
      const next = admitCall(state, now(), options);
      state = next.state;
      return next.admission;
    },
    failed: () => void (state = recordFailure(state, now(), options)),
    succeeded: () => void (state = recordSuccess(state, now())),
    abandoned: () => void (state = releaseProbe(state, now())),
    blockedForMs() {
      const { admission } = admitCall(state, now(), options);
      return admission.allowed ? null : admission.retryAfterMs;
    },
    state: () => breakerAt(state, now()),
  };
}

const breakers = new Map<string, CircuitBreaker>();

/** The process's breaker for a provider name: one runner process runs one run, so this is per run and provider. */
export function breakerFor(provider: string): CircuitBreaker {
  const existing = breakers.get(provider);
  if (existing) return existing;
  const created = createCircuitBreaker();
  breakers.set(provider, created);
  return created;
}
