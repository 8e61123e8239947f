import type { EventKind, RunEvent } from '../../../shared/records';

/** One rendered line of a run's log: a single event, or a stretch of text deltas joined together. */
export type LogLine = Readonly<{
  /** The sequence number of the first event in the line; stable, so it serves as the React key. */
  seq: number;
  iteration: number;
  kind: EventKind;
  text: string;
  isError: boolean;
}>;

/** A log as lines, and the last sequence number in it. */
export type LogLines = Readonly<{ lines: ReadonlyArray<LogLine>; lastSeq: number }>;

/** A log with nothing in it yet. */
export const emptyLogLines: LogLines = { lines: [], lastSeq: 0 };

/** A tool input or output longer than this is cut in the log; the full value stays in the database. */
export const LOG_VALUE_MAX_CHARS = 4_000;

function clip(text: string): string {
  if (text.length <= LOG_VALUE_MAX_CHARS) return text;
  return `${text.slice(0, LOG_VALUE_MAX_CHARS)}… (${text.length - LOG_VALUE_MAX_CHARS} more characters)`;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function field(data: Readonly<Record<string, unknown>>, key: string): string {
  const value = data[key];
  return typeof value === 'string' ? value : '';
}

/** The words shown for one event: text as is, `→ tool(input)` for a call, `← output` for a result. */
export function describeEvent(event: Pick<RunEvent, 'kind' | 'data'>): string {
  const { data } = event;
  switch (event.kind) {
    case 'text':
    case 'reasoning':
      return field(data, 'text');
    case 'tool_call':
      return `→ ${field(data, 'tool') || 'tool'}(${clip(asText(data.input))})`;
    case 'tool_result':
      return `← ${clip(asText(data.output))}`;
    case 'notice':
      return field(data, 'message') || asText(data);
    case 'error': {
      const kind = field(data, 'kind');
      const message = field(data, 'message') || asText(data);
      return kind ? `Error (${kind}): ${message}` : `Error: ${message}`;
    }
  }
}

const isDelta = (kind: EventKind): boolean => kind === 'text' || kind === 'reasoning';

/**
 * Pure: the log after more events. Events at or below `lastSeq` are ignored (no duplicate lines
 * after a reconnect); text and reasoning deltas of one iteration join the line before them.
 */
export function appendLogEvents(log: LogLines, events: ReadonlyArray<RunEvent>): LogLines {
  const fresh = events.filter((event) => event.seq > log.lastSeq).sort((a, b) => a.seq - b.seq);
  if (fresh.length === 0) return log;
  const lines = log.lines.slice();
  let lastSeq = log.lastSeq;
  for (const event of fresh) {
    if (event.seq <= lastSeq) continue;
    lastSeq = event.seq;
    const previous = lines.at(-1);
    const text = describeEvent(event);
    if (previous && isDelta(event.kind) && previous.kind === event.kind && previous.iteration === event.iteration) {
      lines[lines.length - 1] = { ...previous, text: previous.text + text };
      continue;
    }
    const isError = event.kind === 'error' || (event.kind === 'tool_result' && event.data.isError === true);
    lines.push({ seq: event.seq, iteration: event.iteration, kind: event.kind, text, isError });
  }
  return { lines, lastSeq };
}
