import type { ModelMessage, ToolResultPart } from 'ai';
import { estimateTokens } from './context-window';

/** The newest tool results stay whole; the model is most likely to need them. */
export const KEEP_RECENT_TOOL_RESULTS = 4;
/** Older tool results longer than this keep only their head and tail. */
export const TOOL_RESULT_MAX_CHARS = 2_000;
const HEAD_CHARS = 800;
const TAIL_CHARS = 800;

type ToolOutput = ToolResultPart['output'];

/** The head and tail of a long text, with a marker that says how much was cut. */
export function headAndTail(text: string, maxChars = TOOL_RESULT_MAX_CHARS, head = HEAD_CHARS, tail = TAIL_CHARS): string {
  if (text.length <= maxChars) return text;
  const cut = text.length - head - tail;
  return `${text.slice(0, head)}\n[… ${cut} characters cut by Autoloop to fit the context window …]\n${text.slice(-tail)}`;
}

function shortenedOutput(output: ToolOutput): ToolOutput {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value.length > TOOL_RESULT_MAX_CHARS ? { type: output.type, value: headAndTail(output.value) } : output;
    case 'json':
    case 'error-json': {
      const text = JSON.stringify(output.value);
      return text.length > TOOL_RESULT_MAX_CHARS ? { type: output.type === 'json' ? 'text' : 'error-text', value: headAndTail(text) } : output;
    }
    case 'execution-denied':
    case 'content': // only MCP-style tools return parts; none of Autoloop's tools does
      return output;
  }
}

/**
 * The conversation with old tool results shortened to head and tail; the newest `keepRecent` stay
 * whole. Every result keeps its place and its `toolCallId`, so no tool call loses its result.
 */
export function truncateToolResults(messages: ReadonlyArray<ModelMessage>, keepRecent = KEEP_RECENT_TOOL_RESULTS): ModelMessage[] {
  const total = messages.reduce(
    (count, message) => count + (message.role === 'tool' ? message.content.filter((part) => part.type === 'tool-result').length : 0),
    0,
  );
  let seen = 0;
  return messages.map((message) => {
    if (message.role !== 'tool') return message;
    const content = message.content.map((part) => {
      if (part.type !== 'tool-result') return part;
      seen += 1;
      return seen > total - keepRecent ? part : { ...part, output: shortenedOutput(part.output) };
    });
    return { ...message, content };
  });
}

/**
 * Where to cut the conversation for a summary: at a user message (the start of a turn), so a tool
 * call and its result always stay on the same side. Keeps the most recent turns that fit in
 * `keepTokens`; summarises everything when not even the last turn fits.
 */
export function summaryCut(messages: ReadonlyArray<ModelMessage>, keepTokens: number): number {
  for (let index = 1; index < messages.length; index += 1) {
    if (messages[index]?.role === 'user' && estimateTokens('', messages.slice(index)) <= keepTokens) return index;
  }
  return messages.length;
}

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max)} …`);

function outputText(output: ToolOutput): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'execution-denied':
      return `denied${output.reason ? `: ${output.reason}` : ''}`;
    case 'json':
    case 'error-json':
      return JSON.stringify(output.value);
    case 'content':
      return JSON.stringify(output);
  }
}

function linesOf(message: ModelMessage): string[] {
  if (typeof message.content === 'string') return [`${message.role.toUpperCase()}: ${message.content}`];
  return message.content.flatMap((part): string[] => {
    switch (part.type) {
      case 'text':
        return [`${message.role.toUpperCase()}: ${part.text}`];
      case 'tool-call':
        return [`ASSISTANT called ${part.toolName} ${clip(JSON.stringify(part.input), 500)}`];
      case 'tool-result':
        return [`RESULT of ${part.toolName}: ${clip(outputText(part.output), 1_000)}`];
      case 'file':
      case 'image':
      case 'reasoning':
      case 'tool-approval-request':
      case 'tool-approval-response':
        return []; // the summariser needs what was said and done, not these
    }
  });
}

/** The conversation as plain text for the summariser, at most `maxChars` (its head and, mostly, its tail). */
export function transcriptOf(messages: ReadonlyArray<ModelMessage>, maxChars: number): string {
  const text = messages.flatMap(linesOf).join('\n');
  if (text.length <= maxChars) return text;
  const head = Math.floor(maxChars * 0.3);
  return headAndTail(text, maxChars, head, maxChars - head);
}
