import type { EventKind, RunEvent } from '../../shared/records';
import type { Palette } from './terminal-output';

/** Where the log printer is: the iteration and kind of the last event, and whether its text line is still open. */
export type LogCursor = Readonly<{ iteration: number; kind: EventKind | null; open: boolean }>;

/** Before the first event. */
export const LOG_START: LogCursor = { iteration: 0, kind: null, open: false };

/** A tool's input or output longer than this is cut in the terminal; `--json` and exports keep all of it. */
export const LOG_VALUE_MAX_CHARS = 300;

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= LOG_VALUE_MAX_CHARS ? oneLine : `${oneLine.slice(0, LOG_VALUE_MAX_CHARS)}… (${oneLine.length - LOG_VALUE_MAX_CHARS} more characters)`;
}

function field(data: Readonly<Record<string, unknown>>, key: string): string {
  const value = data[key];
  return typeof value === 'string' ? value : '';
}

/** One event as a single line of words (no newline): `→ tool(input)`, `← output`, `! notice`, `✗ error`, or the text. Pure. */
export function describeLogEvent(event: Pick<RunEvent, 'kind' | 'data'>, paint: Palette): string {
  const { data } = event;
  switch (event.kind) {
    case 'text':
      return field(data, 'text');
    case 'reasoning':
      return paint.dim(field(data, 'text'));
    case 'tool_call':
      return paint.cyan(`→ ${field(data, 'tool') || 'tool'}(${clip(asText(data.input))})`);
    case 'tool_result': {
      const line = `← ${clip(asText(data.output))}`;
      return data.isError === true ? paint.red(line) : paint.dim(line);
    }
    case 'notice':
      return paint.yellow(`! ${field(data, 'message') || clip(asText(data))}`);
    case 'error': {
      const kind = field(data, 'kind');
      return paint.red(`✗ Error${kind ? ` (${kind})` : ''}: ${field(data, 'message') || clip(asText(data))}`);
    }
  }
}

/**
 * The terminal text for the next event of a log, and where the printer is after it. Text and
 * reasoning deltas of one iteration continue the open line; every other event gets its own line;
 * a new iteration gets a header. Pure.
 */
export function formatLogEvent(cursor: LogCursor, event: RunEvent, paint: Palette): { text: string; cursor: LogCursor } {
  const isDelta = event.kind === 'text' || event.kind === 'reasoning';
  const continues = isDelta && cursor.open && cursor.kind === event.kind && cursor.iteration === event.iteration;
  if (continues) return { text: describeLogEvent(event, paint), cursor };
  const close = cursor.open ? '\n' : '';
  const header = event.iteration > 0 && event.iteration !== cursor.iteration ? paint.bold(`── iteration ${event.iteration} ──`) + '\n' : '';
  const iteration = event.iteration > 0 ? event.iteration : cursor.iteration;
  const body = describeLogEvent(event, paint);
  if (isDelta) return { text: `${close}${header}${body}`, cursor: { iteration, kind: event.kind, open: true } };
  return { text: `${close}${header}${body}\n`, cursor: { iteration, kind: event.kind, open: false } };
}

/** What ends a log cleanly: the newline an open text line still needs. Pure. */
export function closeLog(cursor: LogCursor): string {
  return cursor.open ? '\n' : '';
}
