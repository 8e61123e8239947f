/** What the system prompt is built from: nothing that changes during a run, so it stays byte-identical and a provider's prompt cache can hit. */
export type PromptInput = Readonly<{
  templateText: string;
  workdir: string;
  outputDir: string;
  params: Readonly<Record<string, unknown>>;
}>;

export const SUMMARY_MAX_CHARS = 400;
export const NO_OUTPUT = '(no output)';

function describeParams(params: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return '(none)';
  return entries.map(([key, value]) => `- ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join('\n');
}

/**
 * The fixed system prompt: the template's program plus where the agent works and how it reports (DESIGN §6).
 * The same bytes at every iteration of a run: what changes (the iteration number) goes in the iteration's own message.
 */
export function buildSystemPrompt(input: PromptInput): string {
  return [
    'You are an autonomous agent run by Autoloop. You carry out the program below one iteration at a time.',
    'Each iteration, do the next step of the program, then call the `report` tool with a one- or two-sentence summary of what the iteration did.',
    'When the whole program is done, call the `complete` tool with the reason. Do not call it before.',
    '',
    `Working folder: ${input.workdir}`,
    `Output folder: ${input.outputDir}`,
    '',
    'Parameters:',
    describeParams(input.params),
    '',
    '# The program',
    '',
    input.templateText.trim(),
  ].join('\n');
}

/** The user message that opens an iteration: the last message of the request, where everything that changes belongs. */
export function buildIterationPrompt(iteration: number, params: Readonly<Record<string, unknown>>): string {
  if (iteration === 1) return `This is iteration 1. Begin the program.\n\nParameters:\n${describeParams(params)}`;
  return `This is iteration ${iteration}. Continue with the next iteration of the program.`;
}

/** The iteration's summary: the `report` tool's, else the last paragraph of the final answer; at most 400 characters. */
export function summarizeIteration(reported: string | null, finalText: string): string {
  const source = reported?.trim() || lastParagraph(finalText);
  if (!source) return NO_OUTPUT;
  return source.length <= SUMMARY_MAX_CHARS ? source : `${source.slice(0, SUMMARY_MAX_CHARS - 1)}…`;
}

function lastParagraph(text: string): string {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  return paragraphs[paragraphs.length - 1] ?? '';
}
