import { parseArgs } from 'node:util';
import type { Schedule, ScheduleDetail, ScheduleSlotView } from '../../../shared/schedules';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { COMMON_OPTIONS, onePositional } from '../command-args';
import { EXIT_OK } from '../exit-code';
import { formatTable } from '../format-table';
import { type Output, createOutput } from '../terminal-output';
import { UsageError } from '../usage-error';
import { EDIT_FLAGS, editedSettings, parseScheduleAddArgs, parseScheduleEditArgs } from './schedule-args';

const USAGE =
  'usage: autoloop schedule add <template> --cron "EXPR" [--name N] [--tz ZONE] [--catch-up none|latest|all] [--overlap skip|queue|replace] ' +
  '[--max-cost-per-day USD] [--watchdog-periods N] [--paused] [run flags] | edit <schedule> ' +
  EDIT_FLAGS +
  ' | ls [--json] | show <schedule> [--json] | pause|resume --all | pause|resume|rm|run-now <schedule>';

function stateOf(schedule: Schedule): string {
  return schedule.enabled ? 'enabled' : 'paused';
}

function printSchedules(schedules: ReadonlyArray<Schedule>, output: Output): void {
  if (schedules.length === 0) {
    output.line('No schedules yet. Add one: autoloop schedule add demo-counter --cron "0 3 * * *"');
    return;
  }
  const columns = [
    { header: 'NAME', value: (schedule: Schedule) => schedule.name, maxWidth: 32 },
    { header: 'CRON', value: (schedule: Schedule) => `${schedule.cron} (${schedule.timezone})` },
    { header: 'STATE', value: stateOf },
    { header: 'NEXT DUE', value: (schedule: Schedule) => schedule.nextDueAt ?? '—' },
    { header: 'LAST RUN', value: (schedule: Schedule) => schedule.lastRunAt ?? '—' },
    { header: 'TEMPLATE', value: (schedule: Schedule) => schedule.template },
  ];
  formatTable(schedules, columns, output.paint.bold).forEach((line) => output.line(line));
}

function printDetail(detail: ScheduleDetail, output: Output): void {
  const { schedule, health, slots } = detail;
  output.line(`${output.paint.bold(schedule.name)} (${schedule.id}) · ${stateOf(schedule)} · template ${schedule.template}`);
  output.line(`cron ${schedule.cron} in ${schedule.timezone} · catch-up ${schedule.catchUp} · overlap ${schedule.overlap}`);
  output.line(`profile ${schedule.settings.profile} · on approval timeout ${schedule.settings.onApprovalTimeout ?? '— (its runs cannot ask)'}`);
  output.line(`next due ${schedule.nextDueAt ?? '—'} · last run ${schedule.lastRunAt ?? '—'} · last completed ${health.lastCompletedAt ?? '—'}`);
  output.line(`spend: $${health.spend.day.toFixed(2)} today, $${health.spend.week.toFixed(2)} 7 days, $${health.spend.month.toFixed(2)} 30 days`);
  if (health.overdue)
    output.line(output.paint.yellow(`No run completed in ${health.periodsWithoutCompletion} periods (watchdog: ${schedule.watchdogPeriods})`));
  if (slots.length === 0) return output.line('No slots have come due yet.');
  const columns = [
    { header: 'DUE', value: (slot: ScheduleSlotView) => slot.dueAt },
    { header: 'OUTCOME', value: (slot: ScheduleSlotView) => slot.outcome },
    { header: 'RUN', value: (slot: ScheduleSlotView) => slot.runId ?? '—' },
    { header: 'ENDED', value: (slot: ScheduleSlotView) => slot.stopReason ?? slot.runStatus ?? '' },
    { header: 'REASON', value: (slot: ScheduleSlotView) => slot.reason ?? '', maxWidth: 60 },
  ];
  formatTable(slots, columns, output.paint.bold).forEach((line) => output.line(line));
}

/** `autoloop schedule add|ls|show|pause|resume|rm|run-now` (issue #21). Slots in `--json` use the API's field names, newest first. */
export async function scheduleCommand(args: string[], paths: AppPaths): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'add') {
    const { create, json, dataDir } = parseScheduleAddArgs(rest);
    const output = createOutput({ json });
    return withSession(dataDir, paths, 'read', async (session) => {
      const schedule = await session.call('schedules.create', create);
      if (output.json) output.jsonLine(schedule);
      else output.line(`Added ${output.paint.bold(schedule.name)} (${schedule.id}); next due ${schedule.nextDueAt ?? '— (paused)'}`);
      return EXIT_OK;
    });
  }
  if (action === 'edit') {
    const { ref, changes, settings, json, dataDir } = parseScheduleEditArgs(rest);
    const output = createOutput({ json });
    return withSession(dataDir, paths, 'read', async (session) => {
      const { schedule: current } = await session.call('schedules.get', { id: ref, slots: 0 });
      // --param changes the params it names and keeps the others, unless the schedule moves to another template.
      const params = changes.params && (changes.template ?? current.template) === current.template ? { ...current.params, ...changes.params } : changes.params;
      // --mcp, --notify, --agent, --base, --with-uncommitted change those pins and keep the others.
      const pinned = Object.keys(settings).length > 0 ? { settings: editedSettings(current.settings, settings) } : {};
      const schedule = await session.call('schedules.update', { id: current.id, ...changes, ...(params ? { params } : {}), ...pinned });
      if (output.json) output.jsonLine(schedule);
      else
        output.line(
          `Saved ${output.paint.bold(schedule.name)} (${schedule.id}) · template ${schedule.template}; next due ${schedule.nextDueAt ?? '— (paused)'}`,
        );
      return EXIT_OK;
    });
  }
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...COMMON_OPTIONS, all: { type: 'boolean', default: false } } });
  const output = createOutput({ json: values.json });
  if (values.all) {
    if (action !== 'pause' && action !== 'resume') throw new UsageError(`--all goes with pause or resume. ${USAGE}`);
    if (positionals.length > 0) throw new UsageError(`autoloop schedule ${action} --all takes no schedule name`);
    return withSession(resolveDataDir(values['data-dir']), paths, 'read', async (session) => {
      const changed = await session.call(action === 'pause' ? 'schedules.pauseAll' : 'schedules.resumeAll', {});
      if (output.json) changed.forEach((schedule) => output.jsonLine(schedule));
      else if (changed.length === 0) output.line(action === 'pause' ? 'No schedule was enabled' : 'No schedule was paused');
      else output.line(`${action === 'pause' ? 'Paused' : 'Resumed'} ${changed.map((schedule) => schedule.name).join(', ')}`);
      return EXIT_OK;
    });
  }
  const dataDir = resolveDataDir(values['data-dir']);
  switch (action) {
    case 'ls':
      return withSession(dataDir, paths, 'read', async (session) => {
        const schedules = await session.call('schedules.list', {});
        if (output.json) schedules.forEach((schedule) => output.jsonLine(schedule));
        else printSchedules(schedules, output);
        return EXIT_OK;
      });
    case 'show': {
      const ref = onePositional(positionals, 'autoloop schedule show <schedule> [--json]');
      return withSession(dataDir, paths, 'read', async (session) => {
        const detail = await session.call('schedules.get', { id: ref, slots: 50 });
        if (output.json) output.jsonLine(detail);
        else printDetail(detail, output);
        return EXIT_OK;
      });
    }
    case 'pause':
    case 'resume':
    case 'rm': {
      const ref = onePositional(positionals, `autoloop schedule ${action} <schedule>`);
      return withSession(dataDir, paths, 'read', async (session) => {
        if (action === 'rm') {
          const removed = await session.call('schedules.remove', { id: ref });
          if (output.json) output.jsonLine(removed);
          else output.line(`Removed the schedule ${ref}; its runs stay`);
          return EXIT_OK;
        }
        const schedule = await session.call(action === 'pause' ? 'schedules.pause' : 'schedules.resume', { id: ref });
        if (output.json) output.jsonLine(schedule);
        else output.line(`${action === 'pause' ? 'Paused' : 'Resumed'} ${output.paint.bold(schedule.name)}; next due ${schedule.nextDueAt ?? '—'}`);
        return EXIT_OK;
      });
    }
    case 'run-now': {
      const ref = onePositional(positionals, 'autoloop schedule run-now <schedule>');
      // A run needs an engine that stays up: the server's.
      return withSession(dataDir, paths, 'live', async (session) => {
        const { slot } = await session.call('schedules.runNow', { id: ref });
        if (output.json) output.jsonLine(slot);
        else output.line(slot.runId ? `Started run ${slot.runId} for ${ref}` : `The slot is ${slot.outcome}: ${slot.reason ?? ''}`);
        return EXIT_OK;
      });
    }
    case undefined:
    default:
      throw new UsageError(USAGE);
  }
}
