import { useState } from 'react';
import { formatDuration } from '../../../shared/duration';
import { messageOf } from '../../../shared/errors';
import { formatCost } from '../../../shared/format';
import { StopReason } from '../../../shared/records';
import { describeApprovalTimeout, describeStopReason } from '../../../shared/run-words';
import type { ScheduleDetail, ScheduleSlotView } from '../../../shared/schedules';
import { describeSlotOutcome, slotTone } from '../../../shared/schedule-words';
import { useApiClient } from '../../api/api-context';
import { hrefFor } from '../../app/routes';
import { navigate } from '../../app/use-route';
import { formatSecondsTime, formatShortTime } from '../../ui/format';
import { ModalDialog } from '../../ui/modal-dialog';
import { OutcomeSparkline } from './outcome-sparkline';
import { CronText, HealthText, spendText } from './schedules-page';
import { receiveScheduleDetail, receiveScheduleRemoved, useSchedulesStore } from './schedules-store';
import { refreshSchedule, SLOTS_SHOWN, useSchedulesRefresh } from './use-schedules-loader';

/** How a slot's run ended, in words: its stop reason, else its status; empty for a slot without a run. */
export function slotEndText(slot: Pick<ScheduleSlotView, 'runId' | 'runStatus' | 'stopReason'>): string {
  const reason = StopReason.safeParse(slot.stopReason);
  if (reason.success) return describeStopReason(reason.data);
  if (slot.runId === null) return '';
  return slot.runStatus ?? '';
}

function SlotRow({ slot }: Readonly<{ slot: ScheduleSlotView }>) {
  return (
    <tr data-testid="schedule-slot" data-outcome={slot.outcome}>
      <td>{formatSecondsTime(slot.dueAt)}</td>
      <td>
        <span className={`outcome-badge tone-${slotTone(slot.outcome)}`}>{describeSlotOutcome(slot.outcome)}</span>
      </td>
      <td className="slot-reason">{slot.reason ?? ''}</td>
      <td>{slot.runId ? <a href={hrefFor({ page: 'run', runId: slot.runId })}>{slot.runId}</a> : '—'}</td>
      <td>{slot.durationMs === null ? '—' : formatDuration(slot.durationMs)}</td>
      <td>{slot.costUsd === null ? '—' : formatCost(slot.costUsd)}</td>
      <td>{slotEndText(slot)}</td>
    </tr>
  );
}

/** The facts a schedule pins, in words. */
function ScheduleFacts({ detail }: Readonly<{ detail: ScheduleDetail }>) {
  const { schedule, health } = detail;
  const { settings } = schedule;
  const rows: ReadonlyArray<readonly [string, React.ReactNode]> = [
    ['Template', schedule.template],
    ['When', <CronText key="cron" cron={schedule.cron} timezone={schedule.timezone} />],
    ['Next due', schedule.enabled ? formatShortTime(schedule.nextDueAt) : 'Paused'],
    ['Last run', formatShortTime(schedule.lastRunAt)],
    ['Last completed', formatShortTime(health.lastCompletedAt)],
    ['Health', <HealthText key="health" schedule={{ ...schedule, health }} />],
    ['Spend 1 / 7 / 30 days', spendText({ health })],
    ['Budget', schedule.maxCostUsdPerDay === null ? 'None' : `${formatCost(schedule.maxCostUsdPerDay)} a day`],
    ['Catch-up', schedule.catchUp],
    ['Overlap', schedule.overlap],
    ['Model', settings.model ?? 'the template’s, else your default'],
    ['Permissions', settings.profile],
    ['When an approval times out', settings.onApprovalTimeout ? describeApprovalTimeout(settings.onApprovalTimeout) : 'its runs cannot ask'],
  ];
  return (
    <dl className="summary-facts schedule-facts">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Pause or resume, run now, edit, remove (after a confirmation). */
function ScheduleActions({ detail }: Readonly<{ detail: ScheduleDetail }>) {
  const api = useApiClient();
  const { schedule } = detail;
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [isConfirmingRemove, setConfirmingRemove] = useState(false);
  const act = async (work: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await refreshSchedule(api, schedule.id);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const toggle = () =>
    act(async () =>
      receiveScheduleDetail({ ...detail, schedule: await api.call(schedule.enabled ? 'schedules.pause' : 'schedules.resume', { id: schedule.id }) }),
    );
  const runNow = () => act(() => api.call('schedules.runNow', { id: schedule.id }));
  const remove = async (): Promise<void> => {
    try {
      await api.call('schedules.remove', { id: schedule.id });
      receiveScheduleRemoved(schedule.id);
      navigate({ page: 'schedules' });
    } catch (failure) {
      setConfirmingRemove(false);
      setError(messageOf(failure));
    }
  };
  return (
    <>
      <div className="page-actions">
        <button type="button" onClick={() => void toggle()} disabled={isBusy}>
          {schedule.enabled ? 'Pause schedule' : 'Resume schedule'}
        </button>
        <button type="button" onClick={() => void runNow()} disabled={isBusy}>
          Run now
        </button>
        <a className="button-link" href={hrefFor({ page: 'schedule-form', id: schedule.id })}>
          Edit
        </a>
        <button type="button" className="button-danger" onClick={() => setConfirmingRemove(true)} disabled={isBusy}>
          Remove…
        </button>
      </div>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      <ModalDialog
        isOpen={isConfirmingRemove}
        title={`Remove the schedule ${schedule.name}?`}
        onClose={() => setConfirmingRemove(false)}
        testId="remove-schedule-dialog"
      >
        <p>Its slot history goes with it; the runs it started stay in the run list. No more runs start from it.</p>
        <div className="form-actions">
          <button type="button" className="button-danger" onClick={() => void remove()}>
            Remove schedule
          </button>
          <button type="button" onClick={() => setConfirmingRemove(false)}>
            Keep it
          </button>
        </div>
      </ModalDialog>
    </>
  );
}

/** One schedule: what it pins, its health and spend, and its last slots (newest first) with a sparkline of their outcomes. */
export function SchedulePage({ id }: Readonly<{ id: string }>) {
  const error = useSchedulesRefresh(id);
  const detail = useSchedulesStore((state) => state.detailById[id] ?? Object.values(state.detailById).find((known) => known.schedule.name === id));
  return (
    <section className="page" aria-labelledby="schedule-heading">
      <p className="breadcrumb">
        <a href={hrefFor({ page: 'schedules' })}>Schedules</a>
      </p>
      <div className="page-header">
        <h1 id="schedule-heading">
          {detail?.schedule.name ?? 'Schedule'}
          {detail && (
            <span className={`outcome-badge heading-badge ${detail.schedule.enabled ? 'tone-ok' : 'tone-neutral'}`} data-testid="schedule-state">
              {detail.schedule.enabled ? 'Enabled' : 'Paused'}
            </span>
          )}
        </h1>
        {detail && <ScheduleActions detail={detail} />}
      </div>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      {!detail && !error && <p className="muted">Loading the schedule…</p>}
      {detail?.health.overdue && (
        <p className="alert alert-warning" data-testid="schedule-watchdog">
          No run of this schedule completed in the last {detail.health.periodsWithoutCompletion} periods (the watchdog’s limit is{' '}
          {detail.schedule.watchdogPeriods}). The slots below say why.
        </p>
      )}
      {detail && (
        <>
          <ScheduleFacts detail={detail} />
          <h2>Last {SLOTS_SHOWN} slots</h2>
          <OutcomeSparkline slots={detail.slots} />
          {detail.slots.length === 0 ? (
            <p className="muted">No slot has come due yet.</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table slots-table" data-testid="slots-table">
                <caption className="visually-hidden">Slots of {detail.schedule.name}, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Due</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Run</th>
                    <th scope="col">Duration</th>
                    <th scope="col">Cost</th>
                    <th scope="col">Ended</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.slots.map((slot) => (
                    <SlotRow key={slot.dueAt} slot={slot} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
