import { z } from 'zod';
import { RunnerMessage } from '../../shared/protocol';
import type { Logger } from '../logger';

export const MAX_INVALID_MESSAGES = 3; // DESIGN §3

export type InboxHandlers = Readonly<{ onMessage(message: RunnerMessage): void; onProtocolError(detail: string): void }>;

function isUsageReport(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'usage';
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}

/**
 * Turns raw messages from one runner into valid `RunnerMessage`s; reports a protocol error on the third bad one.
 * A runner sends what it says in one turn of its event loop as an array (batched-channel.ts): its messages, in order.
 */
export function createRunnerInbox(runId: string, handlers: InboxHandlers, log: Logger): (raw: unknown) => void {
  let invalid = 0;
  const take = (raw: unknown): void => {
    const parsed = RunnerMessage.safeParse(raw);
    if (parsed.success) {
      handlers.onMessage(parsed.data);
      return;
    }
    if (isUsageReport(raw)) {
      // Usage no response can have is not a slip to tolerate: it would poison the run's and the day's totals.
      log.warn(`run ${runId}: refused a usage report no model response can have\n${z.prettifyError(parsed.error)}`);
      handlers.onProtocolError(`the runner reported usage no model response can have (${describeIssues(parsed.error)}); nothing of it was counted`);
      return;
    }
    invalid += 1;
    log.warn(`run ${runId}: dropped invalid runner message (${invalid}/${MAX_INVALID_MESSAGES})\n${z.prettifyError(parsed.error)}`);
    if (invalid === MAX_INVALID_MESSAGES) handlers.onProtocolError(`${invalid} invalid messages from the runner`);
  };
  return (raw) => {
    if (!Array.isArray(raw)) return take(raw);
    // One level only: an array inside a batch is an invalid message like any other.
    for (const message of raw as unknown[]) take(message);
  };
}
