import type { RunId } from '../../../../shared/records';
import { needsLimitsToResume } from '../../../../shared/run-actions';
import { hrefFor } from '../../../app/routes';
import { RunApprovals } from '../../approvals/run-approvals';
import { CrashDetails } from './crash-details';
import { GuidanceBox } from './guidance-box';
import { ExtendLimitsForm } from '../limits/extend-limits-form';
import { IterationChart } from './iteration-chart';
import { IterationTimeline } from './iteration-timeline';
import { LimitMeters } from '../limits/limit-meters';
import { NowStrip } from './now-strip';
import { useRunDetailStore } from '../run-detail-store';
import { RunControls } from './run-controls';
import { RunLog } from '../log/run-log';
import { RunSummary } from './run-summary';
import { useRunsStore } from '../runs-store';
import { useRunDetail } from './use-run-detail';

/** One run: its header and controls, what it waits for (approvals, a budget), its limits and usage, its iterations and its live log. */
export function RunView({ runId }: Readonly<{ runId: RunId }>) {
  const load = useRunDetail(runId);
  const run = useRunsStore((state) => state.byId[runId]);
  const iterations = useRunDetailStore((state) => state.iterations);

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
            <RunSummary run={run}>
              <NowStrip run={run} />
            </RunSummary>
            <RunControls run={run} />
          </div>
          {/* From ~1200 px the log sits beside what needs the person and the figures; narrower, right under the approvals. */}
          <div className="run-split">
            <div className="run-attention">
              <RunApprovals runId={runId} />
              {needsLimitsToResume(run) && <ExtendLimitsForm key={`${run.id}:${run.detail ?? ''}`} run={run} />}
              <CrashDetails run={run} />
            </div>
            <div className="run-log-column">
              <RunLog key={runId} />
            </div>
            <div className="run-details">
              <GuidanceBox key={`guidance:${run.id}`} run={run} />
              <div className="run-usage">
                <LimitMeters run={run} iterations={iterations} />
                <IterationChart iterations={iterations} limits={run.limits} />
              </div>
              <IterationTimeline />
            </div>
          </div>
        </>
      ) : (
        !load.error && <p className="muted">Loading the run…</p>
      )}
    </section>
  );
}
