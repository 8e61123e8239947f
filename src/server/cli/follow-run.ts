import type { ApiPushEvent } from '../../shared/api';
import { escapeForOneLine } from '../../shared/summary-text';
import { messageOf } from '../../shared/errors';
import type { Run } from '../../shared/records';
import { assertNever } from '../../shared/assert';
import type { ApiCaller } from '../api-client';
import { createApprovalQueue } from './approval-queue';
import { EXIT_INTERRUPTED } from './exit-code';
import { describeLogEvent } from './log-format';
import { formatIterationLine } from './run-words';
import { createStatusLine } from './status-line';
import { type Output, createPalette } from './terminal-output';

/** How a foreground run is followed. */
export type FollowOptions = Readonly<{
  output: Output;
  /** Ask approvals at this terminal (a TTY, without --json). */
  interactive: boolean;
  /** Settles when the engine is out of reach (the server connection was lost). */
  lost: Promise<void>;
}>;

/** How following ended: the run with no process any more, or the last state seen before the engine went away. */
export type FollowResult = Readonly<{ run: Run; lost: boolean }>;

const PLAIN = createPalette(false);

function hasProcess(run: Pick<Run, 'status'>): boolean {
  return run.status !== 'ended' && run.status !== 'paused';
}

/** The few words the status line shows for what the agent just did. */
function activityOf(event: Extract<ApiPushEvent, { type: 'run.event' }>['event']): string | null {
  if (event.kind === 'tool_result') return null;
  const lines = describeLogEvent(event, PLAIN)
    .split('\n')
    .filter((line) => line.trim() !== '');
  return lines.at(-1)?.trim() ?? null;
}

/**
 * Starts a run through `start` and follows it in the foreground until it has no process: a line
 * (or JSON line) per finished iteration, its approvals (asked at the prompt on a terminal), a live
 * status line on a terminal. Ctrl-C stops the run (`user_stop`); a second Ctrl-C leaves at once.
 */
export async function followRun(api: ApiCaller, start: () => Promise<Run>, options: FollowOptions): Promise<FollowResult> {
  const { output } = options;
  // Listen before starting, so nothing the run does between the start and the subscription is missed.
  const early: ApiPushEvent[] = [];
  let handle: ((event: ApiPushEvent) => void) | null = null;
  const unsubscribe = api.onEvent((event) => (handle ? handle(event) : early.push(event)));
  let run: Run;
  try {
    run = await start();
  } catch (error) {
    unsubscribe();
    throw error;
  }
  const runId = run.id;
  let latest = run;
  const status = createStatusLine(output, { status: run.status, iteration: null, iterationStartedAt: null, tokens: 0, costUsd: run.costUsd, activity: '' });
  const say = (text: string): void => (output.json ? undefined : status.print(text));
  const reported = new Set<string>();
  let interrupts = 0;
  const interrupt = (): void => {
    interrupts += 1;
    if (interrupts > 1) {
      status.stop();
      output.warn('autoloop: leaving without waiting for the run to stop');
      process.exit(EXIT_INTERRUPTED);
    }
    say('Stopping the run… (Ctrl-C again to leave without waiting)');
    approvals.cancelAll();
    api.call('runs.stop', { id: runId }).catch((error: unknown) => say(`Could not stop the run: ${messageOf(error)}`));
  };
  const approvals = createApprovalQueue({ api, output, status, interactive: options.interactive, onInterrupt: interrupt });
  let settle: (run: Run) => void = () => undefined;
  const settled = new Promise<Run>((resolve) => (settle = resolve));

  const onRun = (next: Run): void => {
    const changed = next.status !== latest.status;
    latest = next;
    status.update({ status: next.status, tokens: next.inputTokens + next.outputTokens, costUsd: next.costUsd });
    if (changed && output.json) output.jsonLine({ type: 'run', run: next });
    if (!hasProcess(next)) settle(next);
  };
  handle = (event) => {
    switch (event.type) {
      case 'run.updated':
        if (event.run.id === runId) onRun(event.run);
        return;
      case 'run.iteration': {
        const { iteration } = event;
        if (iteration.runId !== runId) return;
        if (iteration.status === 'running') {
          status.update({ iteration: iteration.n, iterationStartedAt: iteration.startedAt, activity: '' });
          return;
        }
        // An iteration is pushed again once its worktree commit is made: it is reported once.
        const key = `${iteration.n}:${iteration.status}`;
        if (reported.has(key)) return;
        reported.add(key);
        if (output.json) output.jsonLine({ type: 'iteration', iteration });
        else status.print(formatIterationLine(iteration, output.paint));
        return;
      }
      case 'run.event': {
        if (event.event.runId !== runId) return;
        if (event.event.kind === 'notice' || event.event.kind === 'error') say(describeLogEvent(event.event, output.paint));
        const activity = activityOf(event.event);
        if (activity) status.update({ activity });
        return;
      }
      case 'approval.requested':
        if (event.approval.runId === runId) approvals.requested(event.approval);
        return;
      case 'approval.resolved':
        if (event.approval.runId === runId) approvals.resolved(event.approval);
        return;
      case 'run.deleted':
        // Only a run without a process can be deleted, so this is a race with its end: it will not change again.
        if (event.runId === runId) settle(latest);
        return;
      case 'notice':
      case 'schedule.changed':
        return;
      default:
        return assertNever(event, 'ApiPushEvent');
    }
  };

  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    if (output.json) output.jsonLine({ type: 'run', run });
    else output.line(`Run ${output.paint.bold(escapeForOneLine(run.name))} (${run.id}) with ${run.model} in ${run.workdir}`);
    early.splice(0).forEach(handle);
    onRun(await api.call('runs.get', { id: runId }));
    for (const approval of await api.call('approvals.list', { runId })) approvals.requested(approval);
    return await Promise.race([settled.then((ended) => ({ run: ended, lost: false })), options.lost.then(() => ({ run: latest, lost: true }))]);
  } finally {
    unsubscribe();
    approvals.cancelAll();
    status.stop();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
