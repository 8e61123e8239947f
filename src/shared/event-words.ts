import { messageOf } from './errors';
import type { RunEvent } from './records';

/** A tool's input or output in a one-line preview is cut here; the full value stays in the database. */
export const EVENT_PREVIEW_MAX_CHARS = 300;

/** Any value as text for the log: strings as they are, everything else as JSON. */
export function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (typeof value === 'bigint') return value.toString();
  try {
    // `undefined` only for a function or a symbol, which parsed event data never holds.
    return JSON.stringify(value) ?? typeof value;
  } catch (error) {
    return `(not shown: ${messageOf(error)})`; // a cycle, or a toJSON that throws
  }
}

/** Text cut at `maxChars`, saying how much was left out. */
export function clipText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters)`;
}

/** The first line of a text cut at `maxChars`, saying how many lines follow. */
export function firstLine(text: string, maxChars: number): string {
  const end = text.indexOf('\n');
  if (end === -1) return clipText(text, maxChars);
  let more = 0;
  for (let at = end; at !== -1; at = text.indexOf('\n', at + 1)) more += 1;
  return `${clipText(text.slice(0, end), maxChars)} … (${more} more ${more === 1 ? 'line' : 'lines'})`;
}

function field(data: Readonly<Record<string, unknown>>, key: string): string {
  const value = data[key];
  return typeof value === 'string' ? value : '';
}

/** A failure's kind (DESIGN §6) as the words that lead its log line; an unknown one is just "Error". */
const FAILURE_WORDS: Readonly<Record<string, string>> = {
  provider_error: 'Model provider error',
  auth: 'Key refused',
  tool_error: 'Tool error',
  timeout: 'Timed out',
  context_overflow: 'Conversation too long',
  circuit_open: 'Provider resting',
  mcp_unavailable: 'MCP servers unavailable',
  internal: 'Internal error',
};

/**
 * One event in words, as the window's log and the terminal both show it: the text of a text or
 * reasoning delta, `→ tool(input)`, `← first line of the output`, a notice's message,
 * `Model provider error: message` (the failure's kind in words, never its identifier). Tool values are cut at `EVENT_PREVIEW_MAX_CHARS`.
 */
export function describeEvent(event: Pick<RunEvent, 'kind' | 'data'>): string {
  const { data } = event;
  switch (event.kind) {
    case 'text':
    case 'reasoning':
      return field(data, 'text');
    case 'tool_call':
      return `→ ${field(data, 'tool') || 'tool'}(${clipText(stringifyValue(data.input), EVENT_PREVIEW_MAX_CHARS)})`;
    case 'tool_result':
      return `← ${firstLine(stringifyValue(data.output), EVENT_PREVIEW_MAX_CHARS)}`;
    case 'notice':
      return field(data, 'message') || clipText(stringifyValue(data), EVENT_PREVIEW_MAX_CHARS);
    case 'error': {
      const kind = field(data, 'kind');
      const message = field(data, 'message') || clipText(stringifyValue(data), EVENT_PREVIEW_MAX_CHARS);
      return `${(kind && FAILURE_WORDS[kind]) || 'Error'}: ${message}`;
    }
    case 'setup': {
      // A template's setup command before iteration 1: `$ npm ci → exit 0: first line of its output`.
      const exit = typeof data.exitCode === 'number' ? `exit ${data.exitCode}` : 'did not finish';
      const output = firstLine(stringifyValue(data.output ?? ''), EVENT_PREVIEW_MAX_CHARS);
      return `$ ${clipText(field(data, 'command'), EVENT_PREVIEW_MAX_CHARS)} → ${exit}${output ? `: ${output}` : ''}`;
    }
    case 'verify':
      return describeVerify(data);
    case 'guidance':
      return `${describeAuthor(data)} said: ${field(data, 'text')}`;
    case 'guidance_delivered':
      return `Guidance from ${describeAuthor(data).toLowerCase()} given to the agent in this iteration's prompt: ${firstLine(field(data, 'text'), EVENT_PREVIEW_MAX_CHARS)}`;
  }
}

function describeAuthor(data: Readonly<Record<string, unknown>>): string {
  return field(data, 'by') === 'user' || field(data, 'by') === '' ? 'You' : field(data, 'by');
}

/** `✓ verify tests (npm test): exit 0 in 1.2 s`, or `✗ …` with the reason and the output's last line. */
function describeVerify(data: Readonly<Record<string, unknown>>): string {
  const name = field(data, 'name');
  const command = field(data, 'command');
  const label = name && name !== command ? `${name} (${clipText(command, 120)})` : clipText(command, 120);
  const exit = typeof data.exitCode === 'number' ? `exit ${data.exitCode}` : 'no exit code';
  const seconds = typeof data.durationMs === 'number' ? ` in ${(data.durationMs / 1000).toFixed(1)} s` : '';
  if (data.ok === true) return `✓ verify ${label}: ${exit}${seconds}`;
  const reason = field(data, 'reason');
  const lastLine = field(data, 'output').trimEnd().split('\n').at(-1) ?? '';
  return `✗ verify ${label}: ${reason || exit}${seconds}${lastLine ? ` — ${clipText(lastLine, EVENT_PREVIEW_MAX_CHARS)}` : ''}`;
}
