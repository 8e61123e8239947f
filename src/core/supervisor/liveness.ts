/** A runner silent this long gets a ping (DESIGN §3). */
export const SILENCE_BEFORE_PING_MS = 30_000;
/** A ping unanswered this long means the runner is hung: it is killed and recorded as a crash. */
export const PONG_TIMEOUT_MS = 10_000;

export type LivenessOptions = Readonly<{ silenceMs: number; pongTimeoutMs: number }>;
export type LivenessState = Readonly<{ lastHeardAt: number; pingSentAt: number | null }>;

/** What to do about one runner now. Pure: the caller keeps the clock and the state. */
export function livenessAction(state: LivenessState, now: number, options: LivenessOptions): 'none' | 'ping' | 'kill' {
  if (state.pingSentAt !== null) return now - state.pingSentAt >= options.pongTimeoutMs ? 'kill' : 'none';
  return now - state.lastHeardAt >= options.silenceMs ? 'ping' : 'none';
}
