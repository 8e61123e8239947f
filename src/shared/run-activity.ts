import type { Iteration, PauseReason, RunEvent, RunStatus, StopReason } from './records';
import { describeStopReason } from './run-words';

/** A tool call the agent started and whose result has not come yet. */
export type OpenCall = Readonly<{ callId: string; tool: string; input: unknown; at: string }>;

/**
 * What the live log says the agent is doing, folded event by event (`foldActivity`): the iteration
 * the last event belongs to, the tool calls still open in it, when the model's current answer began
 * streaming, when the last event came, and the last `report` summary.
 */
export type RunActivity = Readonly<{
  iteration: number;
  openCalls: ReadonlyArray<OpenCall>;
  /** The time of the first text or reasoning event of the answer streaming now; null when the last event was not text. */
  writingSince: string | null;
  lastEventAt: string | null;
  lastReport: Readonly<{ iteration: number; summary: string }> | null;
}>;

/** Nothing seen yet. */
export const emptyRunActivity: RunActivity = { iteration: 0, openCalls: [], writingSince: null, lastEventAt: null, lastReport: null };

const text = (data: Readonly<Record<string, unknown>>, key: string): string => {
  const value = data[key];
  return typeof value === 'string' ? value : '';
};

/** Pure: the activity after one more event of the run (events in sequence order). */
export function foldActivity(state: RunActivity, event: Pick<RunEvent, 'iteration' | 'kind' | 'data' | 'at'>): RunActivity {
  // The engine's run-level notices (iteration 0) say nothing about what the agent does.
  if (event.iteration === 0) return state;
  const isNewIteration = event.iteration !== state.iteration;
  const openCalls = isNewIteration ? [] : state.openCalls;
  const base: RunActivity = { ...state, iteration: event.iteration, openCalls, lastEventAt: event.at };
  switch (event.kind) {
    case 'text':
    case 'reasoning':
      return { ...base, writingSince: !isNewIteration && state.writingSince !== null ? state.writingSince : event.at };
    case 'tool_call': {
      const tool = text(event.data, 'tool') || 'tool';
      const call: OpenCall = { callId: text(event.data, 'toolCallId'), tool, input: event.data.input, at: event.at };
      const summary = tool === 'report' ? reportSummary(event.data.input) : null;
      return {
        ...base,
        writingSince: null,
        openCalls: [...openCalls, call],
        lastReport: summary ? { iteration: event.iteration, summary } : state.lastReport,
      };
    }
    case 'tool_result': {
      const callId = text(event.data, 'toolCallId');
      return { ...base, writingSince: null, openCalls: openCalls.filter((call) => call.callId !== callId) };
    }
    case 'notice':
    case 'error':
    case 'setup':
    case 'verify':
    case 'guidance':
    case 'guidance_delivered':
      return { ...base, writingSince: null };
  }
}

function reportSummary(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const summary = (input as Record<string, unknown>).summary;
  return typeof summary === 'string' && summary.trim() !== '' ? summary.trim() : null;
}

/** A command or path longer than this is cut in the "now" line. */
export const ACTION_SUBJECT_MAX_CHARS = 80;

function cut(value: string): string {
  const firstLine = value.trim().split('\n')[0] ?? '';
  const isCut = firstLine.length > ACTION_SUBJECT_MAX_CHARS || firstLine.length < value.trim().length;
  return isCut ? `${firstLine.slice(0, ACTION_SUBJECT_MAX_CHARS).trimEnd()} …` : firstLine;
}

/** Pure: one tool call in a few words: `bash: npm test`, `edit_file src/x.ts`, `web_fetch https://…`, or the tool's name. */
export function describeToolCall(tool: string, input: unknown): string {
  const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const field = (key: string): string => (typeof record[key] === 'string' ? record[key] : '');
  if (tool === 'bash' && field('command')) return `bash: ${cut(field('command'))}`;
  for (const key of ['path', 'url', 'pattern']) {
    if (field(key)) return `${tool} ${cut(field(key))}`;
  }
  return tool;
}

/** What the agent is doing now, and since when (an ISO time; null when unknown). */
export type CurrentAction = Readonly<{
  kind: 'tool' | 'model' | 'approval' | 'between' | 'starting' | 'stopping' | 'paused' | 'ended';
  text: string;
  since: string | null;
}>;

/** What `currentAction` reads: the run's state, its iterations (ascending) and the log's activity. */
export type CurrentActionInput = Readonly<{
  status: RunStatus;
  pauseReason: PauseReason | null;
  /** Why an ended run ended: the strip says that rather than repeating the status. */
  stopReason?: StopReason | null;
  startedAt: string | null;
  endedAt: string | null;
  iterations: ReadonlyArray<Pick<Iteration, 'n' | 'status' | 'startedAt' | 'endedAt'>>;
  activity: RunActivity;
}>;

const latest = (...times: ReadonlyArray<string | null | undefined>): string | null =>
  times.reduce<string | null>((best, time) => (time && (best === null || Date.parse(time) > Date.parse(best)) ? time : best), null);

/**
 * Pure: the run's current action for the "now" strip. While an iteration runs: the oldest open tool
 * call (`bash: npm test …` since it started), else "the model is writing" while its answer streams,
 * else "waiting for the model" since the last thing that happened. Between iterations, paused, ended:
 * that state, since it began.
 */
export function currentAction(input: CurrentActionInput): CurrentAction {
  const { status, activity } = input;
  const last = input.iterations.at(-1);
  switch (status) {
    case 'ended':
      return { kind: 'ended', text: input.stopReason ? describeStopReason(input.stopReason) : 'Ended', since: input.endedAt };
    case 'paused':
      return { kind: 'paused', text: input.pauseReason === 'budget' ? 'Paused: a limit was reached' : 'Paused', since: last?.endedAt ?? null };
    case 'stopping':
      return { kind: 'stopping', text: 'Stopping', since: activity.lastEventAt };
    case 'starting':
      return { kind: 'starting', text: 'Starting the runner', since: input.startedAt };
    case 'queued':
      return { kind: 'starting', text: 'Queued: waiting for a free slot', since: null };
    case 'running':
    case 'waiting_approval':
      break;
  }
  const running = last?.status === 'running' ? last : undefined;
  if (!running) {
    return {
      kind: 'between',
      text: last ? 'Waiting before the next iteration' : 'Starting the first iteration',
      since: latest(last?.endedAt, input.startedAt),
    };
  }
  const isThisIteration = activity.iteration === running.n;
  const call = isThisIteration ? activity.openCalls[0] : undefined;
  if (status === 'waiting_approval') {
    return {
      kind: 'approval',
      text: call ? `Waiting for your approval: ${describeToolCall(call.tool, call.input)}` : 'Waiting for your approval',
      since: call?.at ?? null,
    };
  }
  if (call) return { kind: 'tool', text: describeToolCall(call.tool, call.input), since: call.at };
  if (isThisIteration && activity.writingSince !== null) return { kind: 'model', text: 'The model is writing', since: activity.writingSince };
  return { kind: 'model', text: 'Waiting for the model', since: latest(running.startedAt, isThisIteration ? activity.lastEventAt : null) };
}
