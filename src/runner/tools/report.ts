import { z } from 'zod';
import { defineTool } from './agent-tool';

/** Sets the iteration's summary: what was done in this iteration, in one or two sentences. */
export const reportTool = defineTool({
  name: 'report',
  description:
    'Report what this iteration achieved, in one or two sentences. Call it once, at the end of each iteration. The summary is shown to the person ' +
    'and used to detect a loop that makes no progress.',
  inputSchema: z.object({ summary: z.string().min(1).describe('What this iteration did, in one or two sentences.') }),
  effect: 'read',
  summarize: (input) => `report: ${input.summary}`,
  async execute(input, context) {
    context.outcome.reportedSummary = input.summary;
    return 'Reported.';
  },
});
