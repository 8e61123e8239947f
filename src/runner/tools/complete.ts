import { z } from 'zod';
import { type AnyAgentTool, defineTool } from './agent-tool';

/** What the run's verification gate answers `complete`: passed, or the failure and whether it was the last allowed. */
export type CompleteVerdict = Readonly<{ ok: true } | { ok: false; message: string; exhausted: boolean }>;

/** Runs the verification gate for the iteration that called `complete`. */
export type CompleteGate = (iteration: number, signal: AbortSignal) => Promise<CompleteVerdict>;

/** `complete`, which ends the run as `completed` after this iteration; with a gate, only once its commands pass. */
export function makeCompleteTool(gate?: CompleteGate): AnyAgentTool {
  return defineTool({
    name: 'complete',
    description:
      'Call this when the whole program is done and nothing is left to do. The run ends after this iteration. Do not call it to end a single iteration.' +
      (gate ? ' The run has verify commands: they run first, and the run ends only if every one passes; otherwise you get the failure and go on.' : ''),
    inputSchema: z.object({ reason: z.string().default('').describe('Why the program is complete.') }),
    effect: 'read',
    summarize: (input) => `complete: ${input.reason}`,
    async execute(input, context) {
      const verdict = gate ? await gate(context.iteration, context.signal) : ({ ok: true } as const);
      if (!verdict.ok) {
        // The last failure allowed ends the turn; the loop sees the gate exhausted and ends the run as `verify_failed`.
        if (verdict.exhausted) context.outcome.completion = 'verification failed';
        return verdict.message;
      }
      context.outcome.completion = input.reason || 'complete';
      return gate ? 'Every verify command passed. The run will end after this iteration.' : 'The run will end after this iteration.';
    },
  });
}

/** Ends the run as `completed` after this iteration (a run without verify commands). */
export const completeTool = makeCompleteTool();

/** The tool list with `complete` behind the run's verification gate. */
export function withVerifiedComplete(tools: ReadonlyArray<AnyAgentTool>, gate: CompleteGate): ReadonlyArray<AnyAgentTool> {
  return tools.map((tool) => (tool.name === 'complete' ? makeCompleteTool(gate) : tool));
}
