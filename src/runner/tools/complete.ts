import { z } from 'zod';
import { defineTool } from './agent-tool';

/** Ends the run as `completed` after this iteration. */
export const completeTool = defineTool({
  name: 'complete',
  description:
    'Call this when the whole program is done and nothing is left to do. The run ends after this iteration. Do not call it to end a single iteration.',
  inputSchema: z.object({ reason: z.string().default('').describe('Why the program is complete.') }),
  effect: 'read',
  summarize: (input) => `complete: ${input.reason}`,
  async execute(input, context) {
    context.outcome.completion = input.reason || 'complete';
    return 'The run will end after this iteration.';
  },
});
