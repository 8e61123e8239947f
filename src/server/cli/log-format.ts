import { describeEvent } from '../../shared/event-words';
import { escapeControlCharacters } from '../../shared/summary-text';
import type { EventKind, RunEvent } from '../../shared/records';
import type { Palette } from './terminal-output';

/** Where the log printer is: the iteration and kind of the last event, and whether its text line is still open. */
export type LogCursor = Readonly<{ iteration: number; kind: EventKind | null; open: boolean }>;

/** Before the first event. */
export const LOG_START: LogCursor = { iteration: 0, kind: null, open: false };

/**
 * One event as the terminal shows it, in the window's words (`describeEvent`), marked and coloured
 * for a terminal: `! notice`, `✗ Error …`, tool calls cyan, failed results red. Pure.
 */
export function describeLogEvent(event: Pick<RunEvent, 'kind' | 'data'>, paint: Palette): string {
  // Model and tool text never drives the terminal: control characters are shown, not obeyed.
  const words = escapeControlCharacters(describeEvent(event));
  switch (event.kind) {
    case 'text':
      return words;
    case 'reasoning':
      return paint.dim(words);
    case 'tool_call':
      return paint.cyan(words);
    case 'tool_result':
      return event.data.isError === true ? paint.red(words) : paint.dim(words);
    case 'notice':
      return paint.yellow(`! ${words}`);
    case 'error':
      return paint.red(`✗ ${words}`);
    case 'setup':
      return event.data.exitCode === 0 ? paint.dim(words) : paint.red(words);
    case 'verify':
      return event.data.ok === true ? paint.dim(words) : paint.red(words);
    case 'guidance':
    case 'guidance_delivered':
      return paint.bold(`» ${words}`);
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
