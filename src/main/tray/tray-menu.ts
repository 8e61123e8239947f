import type { MenuItemConstructorOptions } from 'electron';
import { assertNever } from '../../shared/assert';
import { type Approval, type PauseReason, type Run, type RunId, isActive } from '../../shared/records';
import { canPause, canResume, canStop, isCrashed, needsLimitsToResume } from '../../shared/run-actions';
import { type ShellState, oldestPendingApproval, pausableRunIds, stoppableRunIds } from '../shell-state/shell-state';
import { MENU_TEXT_MAX, menuText } from './menu-text';
import { isCutSummary } from '../../shared/summary-text';
import { type QueuePlace, describeQueuePlace, queuePlaces } from '../../shared/run-queue';
import { unhealthyText } from './schedule-tray';

/** What the tray's items do; `tray.ts` and the composition root supply them. */
export type TrayActions = Readonly<{
  openRun(runId: RunId): void;
  pauseRun(runId: RunId): void;
  resumeRun(runId: RunId): void;
  stopRun(runId: RunId): void;
  startNow(runId: RunId): void;
  dequeue(runId: RunId): void;
  decideApproval(approvalId: string, decision: 'allow' | 'deny'): void;
  pauseAll(): void;
  stopAll(): void;
  showWindow(): void;
  quit(): void;
}>;

/** Which tray icon to show. */
export type TrayIconState = 'idle' | 'running' | 'attention';

function pauseWords(reason: PauseReason | null): string {
  switch (reason) {
    case null:
    case 'user':
      return 'paused';
    case 'budget':
      return 'paused: budget reached';
    case 'approval_timeout':
      return 'paused: approval timed out';
    case 'shutdown':
      return 'paused: Autoloop was closed';
    case 'interrupted':
      return 'paused: interrupted';
    case 'disk_full':
      return 'paused: disk full';
    case 'imported':
      return 'paused: imported, to confirm';
    default:
      return assertNever(reason, 'PauseReason');
  }
}

/** A run's status in a few words, for its tray item. */
export function runStatusWords(run: Run): string {
  switch (run.status) {
    case 'queued':
    case 'starting':
    case 'running':
    case 'stopping':
      return run.status;
    case 'waiting_approval':
      return 'waiting for approval';
    case 'paused':
      return pauseWords(run.pauseReason);
    case 'ended':
      return isCrashed(run) ? 'crashed' : 'ended';
    default:
      return assertNever(run.status, 'RunStatus');
  }
}

/** "3 running · 1 waiting · 2 queued · 2 paused · 1 crashed", or "No active runs". */
export function runCountsText(runs: ReadonlyArray<Run>): string {
  const waiting = runs.filter((run) => run.status === 'waiting_approval').length;
  const queued = runs.filter((run) => run.status === 'queued').length;
  const paused = runs.filter((run) => run.status === 'paused').length;
  const crashed = runs.filter(isCrashed).length;
  const running = runs.filter((run) => isActive(run.status)).length - waiting;
  const parts = [
    running > 0 ? `${running} running` : '',
    waiting > 0 ? `${waiting} waiting` : '',
    queued > 0 ? `${queued} queued` : '',
    paused > 0 ? `${paused} paused` : '',
    crashed > 0 ? `${crashed} crashed` : '',
  ];
  const text = parts.filter(Boolean).join(' · ');
  return text || 'No active runs';
}

function continueItem(run: Run, actions: TrayActions): MenuItemConstructorOptions {
  if (needsLimitsToResume(run)) {
    // Resuming under the same limits would pause again at once: the window asks for new limits.
    return { label: 'Extend and resume…', click: () => actions.openRun(run.id) };
  }
  if (canResume(run)) return { label: 'Resume', click: () => actions.resumeRun(run.id) };
  return { label: 'Pause', enabled: canPause(run), click: () => actions.pauseRun(run.id) };
}

function approvalItems(approval: Approval | null, actions: TrayActions): MenuItemConstructorOptions[] {
  if (!approval) return [];
  return [
    { type: 'separator' },
    // A summary the menu cannot show whole gets no one-click Allow: the person reads it in the window first.
    isCutSummary(approval.summary, MENU_TEXT_MAX)
      ? { label: `Review: ${menuText(approval.summary)}`, click: () => actions.openRun(approval.runId) }
      : { label: `Allow: ${menuText(approval.summary)}`, click: () => actions.decideApproval(approval.id, 'allow') },
    { label: 'Deny', click: () => actions.decideApproval(approval.id, 'deny') },
  ];
}

function runItem(run: Run, state: ShellState, actions: TrayActions, place: QueuePlace | undefined): MenuItemConstructorOptions {
  if (run.status === 'queued') {
    return {
      label: `${menuText(run.name)} — ${describeQueuePlace(place)}`,
      submenu: [
        { label: 'Open', click: () => actions.openRun(run.id) },
        { type: 'separator' },
        { label: 'Run anyway', click: () => actions.startNow(run.id) },
        { label: 'Remove from queue', click: () => actions.dequeue(run.id) },
      ],
    };
  }
  return {
    label: `${menuText(run.name)} — ${runStatusWords(run)}`,
    submenu: [
      { label: 'Open', click: () => actions.openRun(run.id) },
      { type: 'separator' },
      continueItem(run, actions),
      { label: 'Stop', enabled: canStop(run), click: () => actions.stopRun(run.id) },
      ...approvalItems(oldestPendingApproval(state, run.id), actions),
    ],
  };
}

/**
 * The tray menu for the current runs, and the extra items (the schedules', `scheduleTrayItems`, and the remote
 * engines', `remoteEngineTrayItems`) before Show window. With `otherEngines` (remote engines listed in the same menu),
 * the header and Pause all / Stop all say "this computer": they act on this app's own engine only, and a remote
 * engine's runs are stopped from its own items or window, never by a bulk click here. Builds data only;
 * Electron is called by `tray.ts` (STYLE R3).
 */
export function buildTrayMenu(
  state: ShellState,
  actions: TrayActions,
  extraItems: ReadonlyArray<MenuItemConstructorOptions> = [],
  options: Readonly<{ otherEngines?: boolean }> = {},
): MenuItemConstructorOptions[] {
  const places = queuePlaces(state.runs);
  const here = options.otherEngines === true;
  return [
    { label: here ? `This computer: ${runCountsText(state.runs)}` : runCountsText(state.runs), enabled: false },
    ...(state.runs.length > 0 ? [{ type: 'separator' } as const] : []),
    ...state.runs.map((run) => runItem(run, state, actions, places.get(run.id))),
    { type: 'separator' },
    { label: here ? 'Pause all on this computer' : 'Pause all', enabled: pausableRunIds(state.runs).length > 0, click: actions.pauseAll },
    { label: here ? 'Stop all on this computer' : 'Stop all', enabled: stoppableRunIds(state.runs).length > 0, click: actions.stopAll },
    ...extraItems,
    { type: 'separator' },
    { label: 'Show window', click: actions.showWindow },
    { label: 'Quit Autoloop', click: actions.quit },
  ];
}

/**
 * Attention when a person is needed (a request waits, a budget or approval timeout paused a run, a run crashed, a schedule's
 * watchdog flags it), running while any run is active.
 */
export function trayIconState(runs: ReadonlyArray<Run>, approvals: ReadonlyArray<Approval>, unhealthySchedules = 0): TrayIconState {
  const needsPerson =
    approvals.length > 0 ||
    unhealthySchedules > 0 ||
    runs.some((run) => isCrashed(run) || (run.status === 'paused' && (run.pauseReason === 'budget' || run.pauseReason === 'approval_timeout')));
  if (needsPerson) return 'attention';
  return runs.some((run) => isActive(run.status)) ? 'running' : 'idle';
}

/** The tray's hover text: "Autoloop: 3 running · 1 waiting · 1 approval pending · 1 schedule has no completed run". */
export function trayTooltip(runs: ReadonlyArray<Run>, approvals: ReadonlyArray<Approval>, unhealthySchedules = 0): string {
  const counts = runCountsText(runs);
  const pending = approvals.length === 0 ? '' : ` · ${approvals.length} ${approvals.length === 1 ? 'approval' : 'approvals'} pending`;
  const schedules = unhealthySchedules === 0 ? '' : ` · ${unhealthyText(unhealthySchedules)}`;
  return `Autoloop: ${counts === 'No active runs' ? 'no active runs' : counts}${pending}${schedules}`;
}

/** Whether a left click on the tray icon shows the window: on Windows only, where the menu opens on a right click; elsewhere a click opens the menu. */
export function showsWindowOnTrayClick(platform: NodeJS.Platform): boolean {
  return platform === 'win32';
}
