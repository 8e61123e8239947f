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
import { ChangesTab } from '../changes/changes-tab';
import { RunTabs } from '../changes/run-tabs';
import { WorktreePanel } from '../changes/worktree-panel';

type RunViewProps = Readonly<{
  runId: RunId;
  /** The log (default), or the Changes tab of a run with a worktree: the whole run's diff, or `iteration`'s. */
  tab?: 'log' | 'changes';
  iteration?: number | null;
}>;

/**
 * One run: its header and controls, what it waits for (approvals, a budget), its worktree, its limits and usage, its
 * iterations, and its live log or (for a run in a worktree) its Changes.
 */
export function RunView({ runId, tab = 'log', iteration = null }: RunViewProps) {
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
              {run.worktree !== null && <RunTabs runId={run.id} tab={tab} />}
              {tab === 'changes' && run.worktree !== null ? <ChangesTab run={run} iteration={iteration} /> : <RunLog key={runId} />}
            </div>
            <div className="run-details">
              <GuidanceBox key={`guidance:${run.id}`} run={run} />
              <WorktreePanel key={`worktree:${run.id}`} run={run} />
              <div className="run-usage">
                <LimitMeters run={run} iterations={iterations} />
                <IterationChart iterations={iterations} limits={run.limits} />
              </div>
              <IterationTimeline run={run} />
            </div>
          </div>
        </>
      ) : (
        !load.error && <p className="muted">Loading the run…</p>
      )}
    </section>
  );
}
