import { useMemo } from 'react';
import type { Run } from '../../../shared/records';
import { hrefFor } from '../../app/routes';
import { navigate } from '../../app/use-route';
import { formatCost, formatTime, formatTokens } from '../../ui/format';
import { StatusChip } from '../../ui/status-chip';
import { ImportRunButton } from './import-run-button';
import { describeRunReason } from './run-reason';
import { useRunsStore } from './runs-store';

function RunRow({ run }: Readonly<{ run: Run }>) {
  const reason = describeRunReason(run);
  return (
    <tr>
      <td>
        <a href={hrefFor({ page: 'run', runId: run.id })}>{run.name}</a>
      </td>
      <td>{run.template}</td>
      <td data-testid={`run-status-${run.id}`}>
        <StatusChip status={run.status} />
      </td>
      <td className="cell-reason" title={run.detail ?? undefined}>
        {reason ?? ''}
      </td>
      <td className="cell-number">{run.iterations}</td>
      <td className="cell-number" title={`${formatTokens(run.inputTokens)} in, ${formatTokens(run.outputTokens)} out`}>
        {formatTokens(run.inputTokens + run.outputTokens)}
      </td>
      <td className="cell-number">{formatCost(run.costUsd)}</td>
      <td className="cell-time">{formatTime(run.startedAt ?? run.createdAt)}</td>
    </tr>
  );
}

/** Every run, newest first, with what it is doing or why it stopped. */
export function RunList({ loadError }: Readonly<{ loadError: string | null }>) {
  const byId = useRunsStore((state) => state.byId);
  const order = useRunsStore((state) => state.order);
  const isLoaded = useRunsStore((state) => state.loaded);
  const runs = useMemo(() => order.flatMap((id) => byId[id] ?? []), [byId, order]);

  return (
    <section className="page" aria-labelledby="runs-heading">
      <div className="page-header">
        <h1 id="runs-heading">Runs</h1>
        <ImportRunButton />
      </div>
      {loadError && (
        <p role="alert" className="alert">
          {loadError}
        </p>
      )}
      {!isLoaded && !loadError && <p className="muted">Loading runs…</p>}
      {isLoaded && runs.length === 0 && (
        <div className="empty-state">
          <p>No runs yet</p>
          <button type="button" className="button-primary" onClick={() => navigate({ page: 'new' })}>
            New run
          </button>
        </div>
      )}
      {runs.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Template</th>
                <th scope="col">Status</th>
                <th scope="col">Reason</th>
                <th scope="col" className="cell-number">
                  Iterations
                </th>
                <th scope="col" className="cell-number">
                  Tokens
                </th>
                <th scope="col" className="cell-number">
                  Cost
                </th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <RunRow key={run.id} run={run} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
