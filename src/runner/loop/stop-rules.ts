import type { Failure } from '../../shared/protocol';
import type { LoopOptions, StopReason } from '../../shared/records';
import { NO_OUTPUT } from '../agent/prompts';

/** Lower-cases and collapses white space; punctuation still counts (DESIGN §6). */
export function normalizeSummary(summary: string): string {
  return summary.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The loop's memory of recent iterations, for the stop rules. */
export type LoopHistory = Readonly<{
  /** The normalised summary repeated at the end of the run, and how many times in a row. */
  repeatedSummary: string | null;
  repeatCount: number;
  /** Consecutive failures: of any kind, and with the last failure's signature. */
  failureStreak: number;
  sameFailureSignature: string | null;
  sameFailureStreak: number;
  /** The last failure's message, in words: the stop detail names it instead of the signature. */
  lastFailureMessage: string | null;
}>;

export const EMPTY_HISTORY: LoopHistory = {
  repeatedSummary: null,
  repeatCount: 0,
  failureStreak: 0,
  sameFailureSignature: null,
  sameFailureStreak: 0,
  lastFailureMessage: null,
};

export type IterationResult = Readonly<{ status: 'ok' | 'error' | 'denied'; summary: string; failure?: Failure }>;

/** The history after one more iteration. Failed iterations neither add to nor clear the stagnation window. */
export function recordIteration(history: LoopHistory, result: IterationResult): LoopHistory {
  if (result.status === 'error') {
    const signature = result.failure?.signature ?? 'unknown';
    const same = history.sameFailureSignature === signature;
    return {
      ...history,
      failureStreak: history.failureStreak + 1,
      sameFailureSignature: signature,
      sameFailureStreak: same ? history.sameFailureStreak + 1 : 1,
      lastFailureMessage: result.failure?.message ?? null,
    };
  }
  const cleared = { ...history, failureStreak: 0, sameFailureSignature: null, sameFailureStreak: 0, lastFailureMessage: null };
  if (result.summary === NO_OUTPUT) return { ...cleared, repeatedSummary: null, repeatCount: 0 };
  const normalized = normalizeSummary(result.summary);
  if (normalized === history.repeatedSummary) return { ...cleared, repeatCount: history.repeatCount + 1 };
  return { ...cleared, repeatedSummary: normalized, repeatCount: 1 };
}

/** The last failure in words for a stop detail (never its signature, which is an internal code). */
function lastFailure(history: LoopHistory, lead?: string): string {
  if (history.lastFailureMessage === null) return '';
  return lead ? `; ${lead}: ${history.lastFailureMessage}` : `: ${history.lastFailureMessage}`;
}

export type StopDecision = Readonly<{ reason: StopReason; detail: string }> | null;

/** Whether the run must stop after an iteration, by the rules that look at its history (DESIGN §6). */
export function decideStop(history: LoopHistory, options: LoopOptions): StopDecision {
  if (history.sameFailureStreak >= options.sameFailureLimit) {
    return {
      reason: 'failure_limit',
      detail: `${history.sameFailureStreak} failures in a row with the same cause${lastFailure(history)}`,
    };
  }
  if (history.failureStreak >= options.anyFailureLimit) {
    return { reason: 'failure_limit', detail: `${history.failureStreak} failed iterations in a row${lastFailure(history, 'the last one')}` };
  }
  if (options.stagnationLimit > 1 && history.repeatCount >= options.stagnationLimit) {
    return { reason: 'stagnation', detail: `the same summary ${history.repeatCount} times in a row: "${history.repeatedSummary}"` };
  }
  return null;
}

export const MAX_CIRCUIT_WAIT_MS = 300_000;

/** How long to wait while a provider's circuit is open: the cooldown plus a second, at most 5 min, never less than the interval. */
export function circuitWaitMs(remainingCooldownMs: number, intervalMs: number): number {
  return Math.max(intervalMs, Math.min(remainingCooldownMs + 1_000, MAX_CIRCUIT_WAIT_MS));
}
