import { z } from 'zod';
import { assertNever } from './assert';

// What each iteration of a run remembers of the ones before (DESIGN §13: `context`).

/**
 * `carry`: one conversation across iterations, compacted when it fills the window (the default);
 * `summaries`: a new conversation per iteration, opened by the earlier iterations' numbered summaries;
 * `fresh`: a new conversation per iteration with only the system prompt and the iteration's prompt
 * (the agent's memory is its files: a plan, specs, notes).
 */
export const ContextMode = z.enum(['carry', 'summaries', 'fresh']);
export type ContextMode = z.infer<typeof ContextMode>;

export const DEFAULT_CONTEXT_MODE: ContextMode = 'carry';

/** The mode in a few words, for the run page, the new-run form and `autoloop show`. */
export function describeContextMode(mode: ContextMode): string {
  switch (mode) {
    case 'carry':
      return 'Carry the conversation';
    case 'summaries':
      return 'New conversation per iteration, with earlier summaries';
    case 'fresh':
      return 'Fresh context per iteration (files are the memory)';
    default:
      return assertNever(mode, 'ContextMode');
  }
}

/** The longest summary a `summaries` run is handed back at resume (iteration summaries are at most 400 characters). */
export const SUMMARY_STORED_MAX = 2_000;

/** A finished iteration as a `summaries` run's next iterations see it. */
export const IterationSummary = z.object({ n: z.number().int().positive(), summary: z.string().max(SUMMARY_STORED_MAX) });
export type IterationSummary = z.infer<typeof IterationSummary>;
