import { type FormEvent, type Ref, useImperativeHandle, useRef, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import type { Approval } from '../../../shared/records';
import type { ApprovalTimeoutAction } from '../../../shared/run-settings';
import { describeApprovalTimeout } from '../../../shared/run-words';
import { useApiClient } from '../../api/api-context';
import { hrefFor } from '../../app/routes';
import { ApprovalInput } from './approval-input';
import { useRunsStore } from '../runs/runs-store';
import { receiveApprovalResolved } from './approvals-store';
import { TimeLeft } from './time-left';

/** The API's limit on a denial's reason. */
const REASON_MAX_CHARS = 2_000;

/** What the approvals page's keyboard shortcuts do to the selected card. */
export type ApprovalCardHandle = Readonly<{
  allowOnce(): void;
  allowForRun(): void;
  /** Shows the reason field and focuses it; Enter there confirms. */
  startDeny(): void;
  focus(): void;
}>;

/** One pending request; `runName` adds a link to its run (on the approvals page). */
export type ApprovalCardProps = Readonly<{
  approval: Approval;
  runName?: string;
  isSelected?: boolean;
  onSelect?: () => void;
  ref?: Ref<ApprovalCardHandle>;
}>;

type Answer = Readonly<{ decision: 'allow' | 'deny'; scope: 'once' | 'run'; reason?: string }>;

/**
 * A pending tool call a person must answer: the tool, what it would do, its input, its risk and
 * the time left, with "Allow once", "Allow for this run" and "Deny" (with an optional reason).
 */
export function ApprovalCard({ approval, runName, isSelected = false, onSelect, ref }: ApprovalCardProps) {
  const api = useApiClient();
  const rootRef = useRef<HTMLElement>(null);
  const [isDenying, setDenying] = useState(false);
  const [reason, setReason] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // What the run's timeout does (the engine's default is pause); unknown while the run is not loaded.
  const onTimeout = useRunsStore((state): ApprovalTimeoutAction | null => {
    const run = state.byId[approval.runId];
    return run ? (run.permissions.onApprovalTimeout ?? 'pause') : null;
  });
  const headingId = `approval-${approval.id}-heading`;
  const reasonId = `approval-${approval.id}-reason`;

  const answer = async ({ decision, scope, reason: why }: Answer): Promise<void> => {
    if (isBusy) return;
    setBusy(true);
    setError(null);
    try {
      receiveApprovalResolved(await api.call('approvals.decide', { id: approval.id, decision, scope, ...(why ? { reason: why } : {}) }));
    } catch (failure) {
      setError(`Could not answer the request: ${messageOf(failure)}`);
    } finally {
      setBusy(false);
    }
  };
  const allowOnce = (): void => void answer({ decision: 'allow', scope: 'once' });
  const allowForRun = (): void => void answer({ decision: 'allow', scope: 'run' });
  const confirmDeny = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void answer({ decision: 'deny', scope: 'once', reason: reason.trim() });
  };

  useImperativeHandle(ref, () => ({
    allowOnce,
    allowForRun,
    startDeny() {
      setDenying(true);
      // Already open: the field is there, so focus it now (autoFocus covers a fresh one).
      document.getElementById(reasonId)?.focus();
    },
    focus() {
      rootRef.current?.focus();
      rootRef.current?.scrollIntoView({ block: 'nearest' });
    },
  }));

  return (
    <article
      ref={rootRef}
      className={`approval-card risk-${approval.risk}${isSelected ? ' is-selected' : ''}`}
      data-testid={`approval-${approval.id}`}
      aria-labelledby={headingId}
      aria-current={isSelected ? 'true' : undefined}
      tabIndex={-1}
      onClick={onSelect}
      onFocus={onSelect}
    >
      <div className="approval-head">
        <h3 id={headingId} className="approval-tool mono">
          {approval.tool}
        </h3>
        <span className={`risk-chip risk-chip-${approval.risk}`}>Risk: {approval.risk}</span>
        <TimeLeft expiresAt={approval.expiresAt} />
        {runName !== undefined && (
          <span className="approval-run">
            Run <a href={hrefFor({ page: 'run', runId: approval.runId })}>{runName}</a>, iteration {approval.iteration}
          </span>
        )}
      </div>
      <p className="approval-summary">{approval.summary}</p>
      {approval.expiresAt !== null && onTimeout !== null && (
        <p className="approval-timeout muted" data-testid="on-approval-timeout">
          {describeApprovalTimeout(onTimeout)}
        </p>
      )}
      <ApprovalInput input={approval.input} />
      <div className="approval-actions">
        <button type="button" className="button-primary" onClick={allowOnce} disabled={isBusy}>
          Allow once
        </button>
        <button type="button" onClick={allowForRun} disabled={isBusy}>
          Allow for this run
        </button>
        {!isDenying && (
          <button type="button" className="button-danger" onClick={() => setDenying(true)} disabled={isBusy}>
            Deny
          </button>
        )}
      </div>
      {isDenying && (
        <form className="approval-deny" onSubmit={confirmDeny}>
          <label htmlFor={reasonId}>Reason (optional)</label>
          <input
            id={reasonId}
            type="text"
            value={reason}
            maxLength={REASON_MAX_CHARS}
            placeholder="Told to the agent with the denial"
            autoFocus
            onChange={(event) => setReason(event.target.value)}
            onKeyDown={(event) => {
              if (event.key !== 'Escape') return;
              setDenying(false);
              rootRef.current?.focus();
            }}
          />
          <button type="submit" className="button-danger" disabled={isBusy}>
            Deny
          </button>
          <button type="button" onClick={() => setDenying(false)} disabled={isBusy}>
            Cancel
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
    </article>
  );
}
