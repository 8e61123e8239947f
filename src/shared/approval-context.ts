import type { RunEvent } from './records';

/** The agent's message shown above an approval is cut to its last this many characters. */
export const AGENT_MESSAGE_MAX_CHARS = 4_000;

type LogEvent = Pick<RunEvent, 'iteration' | 'kind' | 'data'>;

const sameInput = (a: unknown, b: unknown): boolean => {
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
};

/** The tool call the request is about: the last call of that tool (with that input, when one matches) in its iteration. */
function callIndex(events: ReadonlyArray<LogEvent>, request: Readonly<{ iteration: number; tool: string; input: unknown }>): number {
  let sameTool = -1;
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index];
    if (event?.iteration !== request.iteration || event.kind !== 'tool_call') continue;
    if (event.data.tool !== request.tool) continue;
    if (sameInput(event.data.input, request.input)) return index;
    if (sameTool === -1) sameTool = index;
  }
  return sameTool;
}

/**
 * Pure: what the agent wrote just before the tool call a request is about: the text of the model's
 * answer that made the call (its text events back to the previous tool result or notice, in the
 * same iteration; the step's other calls and reasoning skipped). With no such call in the log (a verify
 * command asks from inside `complete`), the iteration's last text. Null when the agent wrote nothing.
 */
export function agentMessageBefore(events: ReadonlyArray<LogEvent>, request: Readonly<{ iteration: number; tool: string; input: unknown }>): string | null {
  const found = callIndex(events, request);
  const start = found === -1 ? events.length : found;
  const parts: string[] = [];
  let isTextSeen = false;
  for (let index = start - 1; index >= 0; index -= 1) {
    const event = events[index];
    if (!event || event.iteration !== request.iteration) break;
    if (event.kind === 'text') {
      const text = event.data.text;
      if (typeof text === 'string') parts.push(text);
      isTextSeen = true;
      continue;
    }
    if (event.kind === 'tool_call' || event.kind === 'reasoning') continue;
    // Without the call, skip back over what came after the last text; with it, the answer starts after the last result.
    if (found === -1 && !isTextSeen) continue;
    break;
  }
  const message = parts.reverse().join('').trim();
  if (message === '') return null;
  return message.length > AGENT_MESSAGE_MAX_CHARS ? `… ${message.slice(-AGENT_MESSAGE_MAX_CHARS)}` : message;
}

/** What "Allow for this run" lets through without asking again: this tool with exactly this subject. */
export type AllowForRunScope = Readonly<{ lead: string; subject: string | null; tail: string }>;

const PATH_TOOLS: ReadonlySet<string> = new Set(['read_file', 'write_file', 'edit_file', 'list_dir', 'grep', 'glob']);

/** Pure: "Allow for this run" in words, from the subject the runner's gate remembers (`tool` + exact subject, until the run ends). */
export function describeAllowForRun(tool: string, subject: string | null): AllowForRunScope {
  const tail = 'again without asking, until the run ends. Anything else still asks.';
  if (subject === null || subject === '') return { lead: `${tool} calls like this one`, subject: null, tail };
  if (tool === 'bash') return { lead: 'bash running exactly this command', subject, tail };
  if (PATH_TOOLS.has(tool)) return { lead: `${tool} on this path only`, subject, tail };
  if (tool === 'web_fetch') return { lead: 'web_fetch of exactly this URL', subject, tail };
  return { lead: `${tool} with exactly`, subject, tail };
}
