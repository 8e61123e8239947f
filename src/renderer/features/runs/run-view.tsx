import type { RunId } from '../../../shared/records';
import { hrefFor } from '../../app/routes';
import { IterationTimeline } from './iteration-timeline';
import { RunLog } from './run-log';
import { RunSummary } from './run-summary';
import { useRunsStore } from './runs-store';
import { StopRunButton } from './stop-run-button';
import { useRunDetail } from './use-run-detail';

/** One run: its header and Stop button, its iterations and its live log. */
export function RunView({ runId }: Readonly<{ runId: RunId }>) {
  const load = useRunDetail(runId);
  const run = useRunsStore((state) => state.byId[runId]);

  if (load.isMissing) {
    return (
      <section className="page">
        <p role="alert" className="alert">
          {load.error}
        </p>
        <a href={hrefFor({ page: 'runs' })}>Back to the runs</a>
      </section>
    );
  }
  return (
    <section className="page run-view">
      {load.error && (
        <p role="alert" className="alert">
          {load.error}
        </p>
      )}
      {run ? (
        <>
          <div className="run-head">
            <RunSummary run={run} />
            <StopRunButton runId={runId} />
          </div>
          <IterationTimeline />
          <RunLog key={runId} />
        </>
      ) : (
        !load.error && <p className="muted">Loading the run…</p>
      )}
    </section>
  );
}
