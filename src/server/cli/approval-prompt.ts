import { createInterface } from 'node:readline/promises';
import type { Approval } from '../../shared/records';
import { escapeForOneLine } from '../../shared/summary-text';

/** What a person answered at the prompt. */
export type PromptAnswer = Readonly<{ decision: 'allow'; scope: 'once' | 'run' } | { decision: 'deny'; reason?: string }>;

/** A typed answer: allow once, allow for this run, or deny; null when it is none of them. Pure. */
export function parseApprovalAnswer(text: string): 'once' | 'run' | 'deny' | null {
  const word = text.trim().toLowerCase();
  if (['y', 'yes', 'a', 'allow', 'o', 'once'].includes(word)) return 'once';
  if (['r', 'run', 'allow for this run', 'for-run'].includes(word)) return 'run';
  if (['n', 'no', 'd', 'deny'].includes(word)) return 'deny';
  return null;
}

/** The question shown for one request, on one line whatever the agent put in it (escapes, newlines). Pure. */
export function approvalQuestion(approval: Pick<Approval, 'tool' | 'summary' | 'risk'>): string {
  return `The agent wants to ${escapeForOneLine(approval.summary)} (${escapeForOneLine(approval.tool)}, ${escapeForOneLine(approval.risk)} risk)`;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * Asks one approval at the terminal with node:readline: allow once, allow for this run, or deny
 * with an optional reason. Resolves null when `signal` aborts (answered elsewhere, or the run ended).
 */
export async function askApproval(approval: Approval, signal: AbortSignal, onInterrupt: () => void): Promise<PromptAnswer | null> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // In raw mode Ctrl-C reaches readline, not the process: pass it on so it still stops the run.
  prompt.on('SIGINT', onInterrupt);
  try {
    process.stdout.write(`\n${approvalQuestion(approval)}\n`);
    for (;;) {
      const answer = parseApprovalAnswer(await prompt.question('Allow it?  [y] once  [r] for the rest of this run  [n] deny: ', { signal }));
      if (answer === 'once' || answer === 'run') return { decision: 'allow', scope: answer };
      if (answer === 'deny') {
        const reason = (await prompt.question('Reason, for the agent (Enter for none): ', { signal })).trim();
        return reason === '' ? { decision: 'deny' } : { decision: 'deny', reason };
      }
      process.stdout.write('Please answer y, r or n.\n');
    }
  } catch (error) {
    if (isAbort(error)) {
      process.stdout.write('\n');
      return null;
    }
    throw error;
  } finally {
    prompt.close();
  }
}
