import { assertNever } from '../../shared/assert';
import { type ContextMode, DEFAULT_CONTEXT_MODE, type IterationSummary } from '../../shared/context-mode';

/**
 * What one iteration starts from, decided by the loop from the run's `context` mode. A plain value so
 * every agent can follow it: Autoloop's own agent (agent-session.ts) and, through the same value, an
 * external agent that resumes its previous session (`carry`) or starts a new one with `opening` as
 * its first message.
 */
export type IterationContext = Readonly<{
  /** Start a new conversation for this iteration (`summaries`, `fresh`); false: continue the run's one conversation (`carry`). */
  freshSession: boolean;
  /** The new conversation's first message (`summaries` after iteration 1): the earlier iterations' summaries; else null. */
  opening: string | null;
}>;

/** How many tokens the earlier iterations' summaries may take in a `summaries` iteration's opening message. */
export const SUMMARIES_TOKEN_BUDGET = 4_000;

/** The same four characters a token the context meter estimates with (errs on the large side). */
const CHARS_PER_TOKEN = 4;

/** The longest `(N older iterations left out …)` line, newline included. */
const LEFT_OUT_LINE_ROOM = 64;

/** The opening of a `summaries` iteration: numbered summaries, newest last, the oldest left out past the budget; null before any. */
export function describeEarlierIterations(past: ReadonlyArray<IterationSummary>, budgetTokens = SUMMARIES_TOKEN_BUDGET): string | null {
  if (past.length === 0) return null;
  const heading = 'What the earlier iterations of this run did (their reports, newest last):';
  // Room for the line that says how many were left out, kept whether or not it is needed.
  let chars = heading.length + LEFT_OUT_LINE_ROOM;
  const kept: string[] = [];
  for (let index = past.length - 1; index >= 0; index -= 1) {
    const entry = past[index] as IterationSummary;
    const line = `${entry.n}. ${entry.summary}`;
    if ((chars + line.length + 1) / CHARS_PER_TOKEN > budgetTokens) break;
    chars += line.length + 1;
    kept.unshift(line);
  }
  const dropped = past.length - kept.length;
  const left = dropped === 0 ? [] : [`(${dropped} older ${dropped === 1 ? 'iteration' : 'iterations'} left out to keep this short)`];
  return [heading, ...left, ...kept].join('\n');
}

/** What an iteration starts from in this mode, given the summaries of the iterations before it. */
export function iterationContext(
  mode: ContextMode | undefined,
  past: ReadonlyArray<IterationSummary>,
  budgetTokens = SUMMARIES_TOKEN_BUDGET,
): IterationContext {
  const resolved = mode ?? DEFAULT_CONTEXT_MODE;
  switch (resolved) {
    case 'carry':
      return { freshSession: false, opening: null };
    case 'summaries':
      return { freshSession: true, opening: describeEarlierIterations(past, budgetTokens) };
    case 'fresh':
      return { freshSession: true, opening: null };
    default:
      return assertNever(resolved, 'ContextMode');
  }
}

/** A carried conversation: what a session does when no context is given. */
export const CARRY_CONTEXT: IterationContext = { freshSession: false, opening: null };
