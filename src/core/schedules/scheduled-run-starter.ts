import { StartRunParams } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import type { Run, StopReason } from '../../shared/records';
import type { ScheduleProblem, ScheduleSlot } from '../../shared/schedules';
import type { RunStarter } from '../api/run-start';
import type { Logger } from '../logger';
import type { SchedulesTable, StoredSchedule } from '../store/schedules-table';

/** The `runs.start` parameters of a schedule's run: its pinned settings, named after the schedule and the slot. */
export function startParamsOf(schedule: Pick<StoredSchedule, 'template' | 'params' | 'name' | 'settings'>, dueAt: string): StartRunParams {
  const { settings } = schedule;
  return {
    template: schedule.template,
    params: schedule.params,
    name: `${schedule.name} @ ${dueAt}`,
    ...(settings.model ? { model: settings.model } : {}),
    ...(settings.workdir ? { workdir: settings.workdir } : {}),
    ...(settings.limits ? { limits: settings.limits } : {}),
    ...(settings.loop ? { loop: settings.loop } : {}),
    permissions: {
      profile: settings.profile,
      ...(settings.rules ? { rules: settings.rules } : {}),
      ...(settings.approvalTimeoutMs ? { approvalTimeoutMs: settings.approvalTimeoutMs } : {}),
      ...(settings.onApprovalTimeout ? { onApprovalTimeout: settings.onApprovalTimeout } : {}),
    },
    ...(settings.isolation ? { isolation: settings.isolation } : {}),
    ...(settings.context ? { context: settings.context } : {}),
    ...(settings.network ? { network: settings.network } : {}),
    ...(settings.env ? { env: settings.env } : {}),
    ...(settings.verify ? { verify: settings.verify } : {}),
    ...(settings.mcp ? { mcp: settings.mcp } : {}),
    ...(settings.notify ? { notify: settings.notify } : {}),
    ...(settings.agent ? { agent: settings.agent } : {}),
    ...(settings.base ? { base: settings.base } : {}),
    ...(settings.withUncommitted ? { withUncommitted: settings.withUncommitted } : {}),
  };
}

export type ScheduledRunDeps = Readonly<{
  schedules: SchedulesTable;
  startRun: RunStarter;
  /** The schedule's runs that hold a place or wait in the concurrency queue. */
  activeRunsOf(scheduleId: string): Run[];
  stopRun(runId: string, reason: StopReason): Promise<Run>;
  /** A notice for the window; `about` names the schedule and its problem so the shell can notify and badge it. */
  notice(level: 'info' | 'warning' | 'error', message: string, about?: Readonly<{ id: string; name: string; problem: ScheduleProblem }>): void;
  log: Logger;
}>;

/**
 * Starts the run of a slot already recorded (`started` or `queued`), after stopping the previous runs as `replaced` when the overlap
 * rule says so. A start that is refused (template deleted or failing lint, provider without a key, bad settings) turns the slot
 * `blocked` with the refusal as its reason, and a notice says what to fix; the schedule stays.
 */
export async function startSlotRun(deps: ScheduledRunDeps, schedule: StoredSchedule, slot: ScheduleSlot, replacePrevious: boolean): Promise<Run | null> {
  if (replacePrevious) {
    for (const previous of deps.activeRunsOf(schedule.id)) await deps.stopRun(previous.id, 'replaced');
  }
  try {
    const run = await deps.startRun(StartRunParams.parse(startParamsOf(schedule, slot.dueAt)), { scheduleId: schedule.id });
    deps.schedules.updateSlot(slot, {
      runId: run.id,
      ...(run.status === 'queued' ? { reason: appendReason(slot.reason, 'waits under the concurrency cap') } : {}),
    });
    return run;
  } catch (error) {
    const reason = messageOf(error);
    deps.schedules.updateSlot(slot, { outcome: 'blocked', reason });
    deps.notice('warning', `Schedule "${schedule.name}": the slot of ${slot.dueAt} is blocked: ${reason}. Fix it, or edit the schedule; it stays.`);
    deps.log.warn(`schedule ${schedule.id}: slot ${slot.dueAt} blocked: ${reason}`);
    return null;
  }
}

function appendReason(reason: string | null, more: string): string {
  return reason ? `${reason}; ${more}` : more;
}
