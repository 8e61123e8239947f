import { formatDuration } from '../../shared/duration';
import type { RunStatus } from '../../shared/records';
import { formatCost, formatTokensShort } from '../../shared/format';
import type { Output } from './terminal-output';

/** How often the live status line redraws its clock. */
export const STATUS_REFRESH_MS = 1_000;

/** What the live status line of a foreground run shows. */
export type StatusLineState = Readonly<{
  status: RunStatus;
  iteration: number | null;
  iterationStartedAt: string | null;
  tokens: number;
  costUsd: number | null;
  /** The latest thing the agent did, in a few words. */
  activity: string;
}>;

function clipTo(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** The one-line status of the current iteration, cut to the terminal's width. Pure. */
export function formatStatusLine(state: StatusLineState, now: Date, width: number): string {
  const usage = `${formatTokensShort(state.tokens)} tokens · ${state.costUsd === null ? 'cost ?' : formatCost(state.costUsd)}`;
  const elapsed = state.iterationStartedAt ? formatDuration(Math.max(0, now.getTime() - Date.parse(state.iterationStartedAt))) : null;
  const where = state.iteration === null ? '' : `#${state.iteration}`;
  const doing =
    state.status === 'waiting_approval'
      ? 'waiting for approval'
      : state.status === 'starting' || state.status === 'stopping'
        ? `${state.status}…`
        : state.activity;
  const parts = [where, state.status === 'running' ? elapsed : null, usage, doing].filter((part) => part !== null && part !== '');
  return clipTo(`▸ ${parts.join(' · ')}`, Math.max(10, width - 1));
}

/** A status line rewritten in place with `\r` on a terminal; does nothing elsewhere. */
export function createStatusLine(output: Output, initial: StatusLineState) {
  const enabled = output.isTTY && !output.json;
  let state = initial;
  let shown = false;
  let suspended = false;
  const clear = (): void => {
    if (shown) output.write('\r\u001b[2K');
    shown = false;
  };
  const draw = (): void => {
    if (!enabled || suspended) return;
    output.write(`\r\u001b[2K${output.paint.dim(formatStatusLine(state, new Date(), output.columns))}`);
    shown = true;
  };
  const timer = enabled ? setInterval(draw, STATUS_REFRESH_MS) : null;
  timer?.unref();
  return {
    update(changes: Partial<StatusLineState>): void {
      state = { ...state, ...changes };
      draw();
    },
    /** Prints a line above the status line. */
    print(text: string): void {
      clear();
      output.line(text);
      draw();
    },
    /** Hides the status line while a prompt owns the terminal. */
    suspend(): void {
      clear();
      suspended = true;
    },
    resume(): void {
      suspended = false;
      draw();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      clear();
      suspended = true;
    },
  };
}

/** The live status line of one foreground run. */
export type StatusLine = ReturnType<typeof createStatusLine>;
