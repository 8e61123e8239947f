import type { Approval } from '../../../shared/records';

/** Input longer than this many lines is folded behind a "Show input" toggle. */
export const INPUT_FOLDED_OVER_LINES = 8;
/** Input longer than this many characters is folded too (one very long line). */
export const INPUT_FOLDED_OVER_CHARS = 600;

/** A request's input as a person reads it: pretty JSON, and whether it is long enough to fold. */
export type PrettyInput = Readonly<{ text: string; lineCount: number; isLong: boolean }>;

/** Pure: the input as indented JSON (text as is); long inputs are marked for folding. */
export function prettyInput(input: unknown): PrettyInput {
  let text: string;
  try {
    text = typeof input === 'string' ? input : (JSON.stringify(input, null, 2) ?? String(input));
  } catch {
    text = String(input);
  }
  const lineCount = text.split('\n').length;
  return { text, lineCount, isLong: lineCount > INPUT_FOLDED_OVER_LINES || text.length > INPUT_FOLDED_OVER_CHARS };
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** Pure: how long until `expiresAt`, for a ticking countdown: `14:05 left`, `1:02:03 left`, `expired`; null without a deadline. */
export function formatTimeLeft(expiresAt: string | null, nowMs: number): string | null {
  if (expiresAt === null) return null;
  const deadline = Date.parse(expiresAt);
  if (Number.isNaN(deadline)) return null;
  const totalSeconds = Math.ceil((deadline - nowMs) / 1_000);
  if (totalSeconds <= 0) return 'expired';
  const hours = Math.floor(totalSeconds / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)} left` : `${minutes}:${pad(seconds)} left`;
}

/** Pure: how a request was answered, in words: `Allowed for this run`, `Denied`, `Timed out`, `Cancelled`. */
export function describeOutcome(approval: Pick<Approval, 'status' | 'scope'>): string {
  switch (approval.status) {
    case 'pending':
      return 'Waiting';
    case 'allowed':
      return approval.scope === 'run' ? 'Allowed for this run' : 'Allowed once';
    case 'denied':
      return 'Denied';
    case 'timed_out':
      return 'Timed out';
    case 'cancelled':
      return 'Cancelled';
  }
}

/** Pure: who answered, in words. */
export function describeDecidedBy(decidedBy: Approval['decidedBy'], via?: string | null): string {
  switch (decidedBy) {
    case 'user':
      return 'a person';
    case 'link':
      return via ? `a person, through a link from ${via}` : 'a person, through a notification link';
    case 'policy':
      return 'the run’s policy';
    case 'timeout':
      return 'the timeout';
    case 'cancelled':
      return 'nobody: Autoloop withdrew it';
    case null:
      return '—';
  }
}
