import type { ApiPushEvent } from '../../shared/api';
import { type Approval, type Run, type RunId, describeStopReason } from '../../shared/records';
import type { NotificationSettings } from '../desktop-settings';
import type { ShellState } from '../shell-state/shell-state';
import { needsLimitsToResume } from '../../shared/run-actions';
import { stopKindOf } from '../../shared/run-outcome';
import { isCutSummary } from '../../shared/summary-text';

/** At most one notification per run in this window, approvals excepted (DESIGN §11). */
export const NOTIFICATION_COOLDOWN_MS = 10_000;

/** What a notification is about; each kind has its own setting. */
export type NotificationKind = 'approval_needed' | 'budget_pause' | 'run_ended' | 'failure_stop' | 'schedule_overdue';

/** A button on a notification, where the OS shows buttons. */
export type ShellNotificationAction = Readonly<{ text: string; decision: 'allow' | 'deny' }>;

/** An OS notification to show; clicking it opens `runId`'s page (where its request or the extend form is), or the schedule's. */
export type ShellNotification = Readonly<{
  kind: NotificationKind;
  title: string;
  body: string;
  actions: ReadonlyArray<ShellNotificationAction>;
  /** Null for a schedule's notification, which opens `scheduleId`'s page. */
  runId: RunId | null;
  scheduleId?: string;
  /** The request the actions answer (approval_needed only). */
  approvalId: string | null;
}>;

/** When each run last got a notification (ms since the epoch). */
export type NotificationHistory = ReadonlyMap<RunId, number>;

/** What `notificationFor` needs beyond the event. */
export type NotificationContext = Readonly<{
  /** The shell state before the event: the run's previous status and the names of runs. */
  before: ShellState;
  /** A person looking at the window sees it there; the OS need not interrupt them. */
  isAppFocused: boolean;
}>;

/** The longest approval summary a notification offers Allow for; notification bodies are cut by the OS past about this. */
export const NOTIFICATION_SUMMARY_MAX_CHARS = 120;

const quoted = (name: string): string => `“${name}”`;
const withDetail = (text: string, detail: string | null): string => (detail ? `${text} (${detail})` : text);

function approvalNotification(approval: Approval, before: ShellState, settings: NotificationSettings): ShellNotification | null {
  if (!settings.approvalNeeded || approval.status !== 'pending') return null;
  const name = before.runs.find((run) => run.id === approval.runId)?.name;
  return {
    kind: 'approval_needed',
    title: `${name ? quoted(name) : 'A run'} asks to use ${approval.tool}`,
    body: approval.summary,
    // The OS may cut a long body: a summary that may not show whole gets no one-click Allow, only Deny.
    actions: isCutSummary(approval.summary, NOTIFICATION_SUMMARY_MAX_CHARS)
      ? [{ text: 'Deny', decision: 'deny' }]
      : [
          { text: 'Allow', decision: 'allow' },
          { text: 'Deny', decision: 'deny' },
        ],
    runId: approval.runId,
    approvalId: approval.id,
  };
}

function endedNotification(run: Run, settings: NotificationSettings): ShellNotification | null {
  const base = { actions: [], runId: run.id, approvalId: null } as const;
  const reason = run.stopReason;
  // The person stopped it themselves; telling them so is noise.
  if (reason === 'user_stop') return null;
  // A run whose work went wrong has its own setting; a crash of the runner is told as the run's end.
  if (reason !== null && stopKindOf(reason) === 'failed') {
    if (!settings.failureStop) return null;
    const title = reason === 'failure_limit' ? `${quoted(run.name)} stopped after repeated failures` : `${quoted(run.name)} failed`;
    return { ...base, kind: 'failure_stop', title, body: withDetail(describeStopReason(reason), run.detail) };
  }
  if (!settings.runEnded) return null;
  if (reason === 'completed') {
    const iterations = `${run.iterations} ${run.iterations === 1 ? 'iteration' : 'iterations'}`;
    return {
      ...base,
      kind: 'run_ended',
      title: `${quoted(run.name)} completed`,
      body: run.detail ? `After ${iterations}: ${run.detail}` : `After ${iterations}.`,
    };
  }
  if (reason === 'crash') {
    return { ...base, kind: 'run_ended', title: `${quoted(run.name)} crashed`, body: withDetail(describeStopReason(reason), run.detail) };
  }
  return {
    ...base,
    kind: 'run_ended',
    title: `${quoted(run.name)} stopped`,
    body: reason ? withDetail(describeStopReason(reason), run.detail) : 'The run ended.',
  };
}

function runNotification(run: Run, previous: Run | undefined, settings: NotificationSettings): ShellNotification | null {
  // A run the shell never saw active (an imported bundle) did not end or pause just now.
  if (!previous) return null;
  if (run.status === 'ended' && previous.status !== 'ended') return endedNotification(run, settings);
  if (needsLimitsToResume(run) && !needsLimitsToResume(previous) && settings.budgetPause) {
    return {
      kind: 'budget_pause',
      title: `${quoted(run.name)} paused: budget reached`,
      body: `${run.detail ?? 'A budget limit was reached.'} Click to raise the limit and resume.`,
      actions: [],
      runId: run.id,
      approvalId: null,
    };
  }
  return null;
}

/**
 * A schedule's watchdog (no run completed in its N periods) is told like a failure: nobody may be watching an unattended
 * schedule, which is the point of the watchdog (issue #21). Its budget blocking slots is a notice in the window only.
 */
function scheduleNotification(event: Extract<ApiPushEvent, { type: 'notice' }>, settings: NotificationSettings): ShellNotification | null {
  if (!settings.failureStop || event.schedule?.problem !== 'watchdog') return null;
  return {
    kind: 'schedule_overdue',
    title: `Schedule ${quoted(event.schedule.name)} has no completed run`,
    body: event.message,
    actions: [],
    runId: null,
    scheduleId: event.schedule.id,
    approvalId: null,
  };
}

/**
 * The OS notification an engine event deserves, or null (DESIGN §11): approval needed (always at
 * once), budget pause, run ended (completed, stopped by a rule, crashed), failure-streak stop, a schedule's watchdog.
 * Pure: the caller passes the time and the history, and records what it showed with
 * `rememberNotification`.
 */
export function notificationFor(
  event: ApiPushEvent,
  settings: NotificationSettings,
  now: number,
  recent: NotificationHistory,
  context: NotificationContext,
): ShellNotification | null {
  if (context.isAppFocused) return null;
  if (event.type === 'notice') return scheduleNotification(event, settings);
  if (event.type === 'approval.requested') return approvalNotification(event.approval, context.before, settings);
  if (event.type !== 'run.updated') return null;
  const last = recent.get(event.run.id);
  if (last !== undefined && now - last < NOTIFICATION_COOLDOWN_MS) return null;
  return runNotification(
    event.run,
    context.before.runs.find((run) => run.id === event.run.id),
    settings,
  );
}

/** The history after showing a notification; approvals do not count, and entries past the cooldown are dropped. */
export function rememberNotification(recent: NotificationHistory, shown: ShellNotification, now: number): NotificationHistory {
  if (shown.kind === 'approval_needed' || shown.runId === null) return recent;
  const kept = [...recent].filter(([, at]) => now - at < NOTIFICATION_COOLDOWN_MS);
  return new Map([...kept, [shown.runId, now]]);
}

/** Whether an event answers the request a notification asks about, so the notification can go. */
export function isAnsweredBy(notification: ShellNotification, event: ApiPushEvent): boolean {
  return event.type === 'approval.resolved' && notification.approvalId === event.approval.id;
}

/** A remote engine's notification: its title names the engine ("On box: “nightly” failed"), so a person knows where to look. */
export function onEngineNotification(notification: ShellNotification, engine: string | undefined): ShellNotification {
  return engine === undefined ? notification : { ...notification, title: `On ${engine}: ${notification.title}` };
}
