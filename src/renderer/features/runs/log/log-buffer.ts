import type { EventKind, RunEvent } from '../../../../shared/records';
import { clipText, describeEvent, stringifyValue } from '../../../../shared/event-words';

/** A row of the log: one line of text, one tool call, result, notice or error, or an iteration heading. */
export type LogRowKind = EventKind | 'iteration';

/** One row as the virtual list renders it. */
export type LogRow = Readonly<{
  /** The sequence number of the event that started the row (rows of one text event share it). */
  seq: number;
  iteration: number;
  kind: LogRowKind;
  text: string;
  isError: boolean;
  /** The tool call this row shows (a call or its result), for the expandable details. */
  callId: string | null;
}>;

/** A tool call's full input and output, shown when its row is expanded. */
export type ToolCallDetail = Readonly<{ tool: string; input: string; output: string | null; isError: boolean }>;

/** What the engine recorded when the runner crashed or failed to start (an `error` event with these fields). */
export type CrashDetail = Readonly<{ message: string; exitCode: number | null; signal: string | null; stderrTail: string }>;

/**
 * The open run's log, kept compact for 100,000 lines and more: plain rows in one array, no React
 * state per line. It is append-only and owned by the run detail store, which appends in place and
 * bumps a version number, because copying every row for every pushed event would be quadratic.
 */
export type LogBuffer = {
  readonly rows: LogRow[];
  readonly calls: Map<string, ToolCallDetail>;
  lastSeq: number;
  /** The last row is a line of text or reasoning that the next delta of the same kind continues. */
  isLineOpen: boolean;
  /** The iteration whose heading was shown last; the engine's own run-level notices (iteration 0) stay under it. */
  section: number | null;
  crash: CrashDetail | null;
};

/** A tool value longer than this is cut even in the details; the full value stays in the database. */
export const DETAIL_MAX_CHARS = 20_000;

/** An empty log. */
export function createLogBuffer(): LogBuffer {
  return { rows: [], calls: new Map(), lastSeq: 0, isLineOpen: false, section: null, crash: null };
}

const field = (data: Readonly<Record<string, unknown>>, key: string): string => {
  const value = data[key];
  return typeof value === 'string' ? value : '';
};

function closeLine(buffer: LogBuffer): void {
  buffer.isLineOpen = false;
}

function appendText(buffer: LogBuffer, event: RunEvent): void {
  const text = field(event.data, 'text');
  if (text === '') return;
  const parts = text.split('\n');
  const last = buffer.rows.at(-1);
  const continues = buffer.isLineOpen && last !== undefined && last.kind === event.kind && last.iteration === event.iteration;
  if (!continues) closeLine(buffer);
  parts.forEach((part, index) => {
    const open = buffer.rows.at(-1);
    if (index === 0 && continues && open) buffer.rows[buffer.rows.length - 1] = { ...open, text: open.text + part };
    // A text that ends with a newline leaves no empty row behind: the next delta starts one.
    else if (index < parts.length - 1 || part !== '')
      buffer.rows.push({ seq: event.seq, iteration: event.iteration, kind: event.kind, text: part, isError: false, callId: null });
  });
  buffer.isLineOpen = parts.at(-1) !== '';
}

function recordCall(buffer: LogBuffer, event: RunEvent, callId: string): void {
  const known = buffer.calls.get(callId);
  const value = clipText(stringifyValue(event.kind === 'tool_call' ? event.data.input : event.data.output), DETAIL_MAX_CHARS);
  const tool = field(event.data, 'tool') || known?.tool || 'tool';
  if (event.kind === 'tool_call') buffer.calls.set(callId, { tool, input: value, output: known?.output ?? null, isError: known?.isError ?? false });
  else buffer.calls.set(callId, { tool, input: known?.input ?? '', output: value, isError: event.data.isError === true });
}

function crashOf(event: RunEvent): CrashDetail | null {
  const { data } = event;
  if (event.kind !== 'error' || !('stderrTail' in data || 'exitCode' in data)) return null;
  return {
    message: field(data, 'message'),
    exitCode: typeof data.exitCode === 'number' ? data.exitCode : null,
    signal: typeof data.signal === 'string' ? data.signal : null,
    stderrTail: field(data, 'stderrTail'),
  };
}

function appendOne(buffer: LogBuffer, event: RunEvent): void {
  const isRunLevel = event.iteration === 0 && buffer.section !== null;
  if (!isRunLevel && buffer.section !== event.iteration) {
    closeLine(buffer);
    buffer.section = event.iteration;
    const text = event.iteration === 0 ? 'Run' : `Iteration ${event.iteration}`;
    buffer.rows.push({ seq: event.seq, iteration: event.iteration, kind: 'iteration', text, isError: false, callId: null });
  }
  if (event.kind === 'text' || event.kind === 'reasoning') return appendText(buffer, event);
  closeLine(buffer);
  const callId = event.kind === 'tool_call' || event.kind === 'tool_result' ? field(event.data, 'toolCallId') || null : null;
  if (callId !== null) recordCall(buffer, event, callId);
  buffer.crash = crashOf(event) ?? buffer.crash;
  const isError =
    event.kind === 'error' || (event.kind === 'tool_result' && event.data.isError === true) || (event.kind === 'verify' && event.data.ok !== true);
  buffer.rows.push({ seq: event.seq, iteration: event.iteration, kind: event.kind, text: describeEvent(event), isError, callId });
}

/**
 * Appends events in sequence order, in place. Events at or below `lastSeq` are skipped (no
 * duplicate lines after a reconnect); text deltas continue the open line and split at newlines.
 * Returns whether anything was added.
 */
export function appendLogEvents(buffer: LogBuffer, events: ReadonlyArray<RunEvent>): boolean {
  const fresh = events.filter((event) => event.seq > buffer.lastSeq).sort((a, b) => a.seq - b.seq);
  let isChanged = false;
  for (const event of fresh) {
    if (event.seq <= buffer.lastSeq) continue;
    buffer.lastSeq = event.seq;
    appendOne(buffer, event);
    isChanged = true;
  }
  return isChanged;
}
