import { formatCost } from '../../../shared/format';
import type { ScheduleListItem } from '../../../shared/schedules';
import { describeCron, describeHealth, unhealthySchedules } from '../../../shared/schedule-words';
import { hrefFor } from '../../app/routes';
import { formatShortTime } from '../../ui/format';
import { useSchedulesStore } from './schedules-store';
import { useSchedulesRefresh } from './use-schedules-loader';

/** A schedule's cron in words when it has a common shape, and the expression itself (always, for the exact rule). */
export function CronText({ cron, timezone }: Readonly<{ cron: string; timezone: string }>) {
  const words = describeCron(cron);
  return (
    <span className="cron-text">
      {words && <span>{words}</span>}
      <code className={words ? 'muted' : undefined}>{cron}</code>
      <span className="muted"> {timezone}</span>
    </span>
  );
}

/** "$0.12 · $1.40 · $3.05" over 1, 7 and 30 days. */
export function spendText(schedule: Pick<ScheduleListItem, 'health'>): string {
  const { day, week, month } = schedule.health.spend;
  return `${formatCost(day)} · ${formatCost(week)} · ${formatCost(month)}`;
}

/** Healthy, or how many periods went by without a completed run (the watchdog). */
export function HealthText({ schedule }: Readonly<{ schedule: ScheduleListItem }>) {
  const text = describeHealth(schedule);
  return <span className={`outcome-badge ${schedule.health.overdue ? 'tone-bad' : 'tone-ok'}`}>{text}</span>;
}

function ScheduleRow({ schedule }: Readonly<{ schedule: ScheduleListItem }>) {
  return (
    <tr data-testid={`schedule-${schedule.name}`}>
      <th scope="row">
        <a href={hrefFor({ page: 'schedule', id: schedule.id })}>{schedule.name}</a>
      </th>
      <td>{schedule.template}</td>
      <td>
        <CronText cron={schedule.cron} timezone={schedule.timezone} />
      </td>
      <td>{schedule.enabled ? 'Enabled' : 'Paused'}</td>
      <td>{schedule.enabled ? formatShortTime(schedule.nextDueAt) : '—'}</td>
      <td>{formatShortTime(schedule.lastRunAt)}</td>
      <td>
        <HealthText schedule={schedule} />
      </td>
      <td>{spendText(schedule)}</td>
    </tr>
  );
}

/** Every schedule: when it runs, whether it is enabled, when it is due next, when it last ran, its watchdog and its spend. */
export function SchedulesPage() {
  const error = useSchedulesRefresh(null);
  const list = useSchedulesStore((state) => state.list);
  const isLoaded = useSchedulesStore((state) => state.loaded);
  const unhealthy = unhealthySchedules(list);
  return (
    <section className="page" aria-labelledby="schedules-heading">
      <div className="page-header">
        <h1 id="schedules-heading">Schedules</h1>
        <div className="page-actions">
          <a className="button-link" href={hrefFor({ page: 'schedule-form', id: null })}>
            New schedule
          </a>
        </div>
      </div>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      {unhealthy.length > 0 && (
        <p className="alert alert-warning" data-testid="schedules-unhealthy">
          {unhealthy.length === 1 ? `${unhealthy[0]?.name ?? 'A schedule'} has` : `${unhealthy.length} schedules have`} had no completed run for several
          periods: open {unhealthy.length === 1 ? 'its' : 'their'} history to see why.
        </p>
      )}
      {!isLoaded && !error && <p className="muted">Loading schedules…</p>}
      {isLoaded && list.length === 0 && (
        <p>No schedules yet. A schedule starts a run of a template at the times its cron expression says, even while the window is closed.</p>
      )}
      {list.length > 0 && (
        <div className="table-scroll">
          <table className="data-table schedules-table" data-testid="schedules-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Template</th>
                <th scope="col">When</th>
                <th scope="col">State</th>
                <th scope="col">Next due</th>
                <th scope="col">Last run</th>
                <th scope="col">Health</th>
                <th scope="col">Spend 1 / 7 / 30 days</th>
              </tr>
            </thead>
            <tbody>
              {list.map((schedule) => (
                <ScheduleRow key={schedule.id} schedule={schedule} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
