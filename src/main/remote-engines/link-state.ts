import type { LinkStatus } from '../../shared/desktop-engines';

/** The first wait before connecting again after a loss; each failed attempt doubles it. */
export const FIRST_RETRY_MS = 1_000;
/** The longest wait between attempts. */
export const MAX_RETRY_MS = 60_000;

/** A link's state: its status, why (lost, refused), and the wait before the next attempt while lost. */
export type LinkState = Readonly<{ status: LinkStatus; reason: string | null; retryInMs: number | null; failedAttempts: number }>;

export const FIRST_LINK_STATE: LinkState = { status: 'connecting', reason: null, retryInMs: null, failedAttempts: 0 };

/** What happens to a link. */
export type LinkEvent =
  | Readonly<{ type: 'attempt' }>
  | Readonly<{ type: 'opened' }>
  /** The socket did not open or dropped: `refused` when trying again cannot help (token, host name, certificate). */
  | Readonly<{ type: 'failed'; kind: 'refused' | 'unreachable'; reason: string }>
  | Readonly<{ type: 'dropped'; reason: string }>
  /** The person asked to try again now (Settings → Engines → Try again, or the entry changed): even a refusal gets one more attempt. */
  | Readonly<{ type: 'retry' }>;

/** The wait after `failedAttempts` failures in a row: 1 s, 2 s, 4 s … up to a minute. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1));
}

/**
 * The link's next state. A refusal is final until the person asks (`retry`: one attempt, after which a
 * refusal is final again); a loss
 * waits `retryDelayMs` and tries again, and a connection that opens starts the backoff over.
 */
export function nextLinkState(state: LinkState, event: LinkEvent): LinkState {
  if (event.type === 'retry') return state.status === 'connected' ? state : FIRST_LINK_STATE;
  if (state.status === 'refused') return state;
  switch (event.type) {
    case 'attempt':
      return { ...state, status: 'connecting', retryInMs: null };
    case 'opened':
      return { status: 'connected', reason: null, retryInMs: null, failedAttempts: 0 };
    case 'dropped':
      // A connection that was up is tried again after the first wait.
      return { status: 'lost', reason: event.reason, retryInMs: retryDelayMs(1), failedAttempts: 1 };
    case 'failed': {
      if (event.kind === 'refused') return { status: 'refused', reason: event.reason, retryInMs: null, failedAttempts: state.failedAttempts + 1 };
      const failedAttempts = state.failedAttempts + 1;
      return { status: 'lost', reason: event.reason, retryInMs: retryDelayMs(failedAttempts), failedAttempts };
    }
  }
}

/** The link's state in words, for the tray and Settings: "connected", "connection lost, trying again in 4 s: …", "refused: …". */
export function linkStateWords(state: LinkState): string {
  switch (state.status) {
    case 'connecting':
      return 'connecting…';
    case 'connected':
      return 'connected';
    case 'lost':
      return `connection lost${state.retryInMs === null ? '' : `, trying again in ${Math.round(state.retryInMs / 1_000)} s`}${state.reason ? `: ${state.reason}` : ''}`;
    case 'refused':
      return `refused${state.reason ? `: ${state.reason}` : ''}`;
  }
}
