import { type FormEvent, type KeyboardEvent, type Ref, useImperativeHandle, useRef, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import type { Approval } from '../../../shared/records';
import type { ApprovalTimeoutAction } from '../../../shared/run-settings';
import { describeApprovalTimeout } from '../../../shared/run-words';
import { useApiClient } from '../../api/api-context';
import { hrefFor } from '../../app/routes';
import { AgentMessage, AllowForRunScope, ApprovalWhy } from './approval-context-view';
import { approvalKeyAction } from './approval-keys';
import { ApprovalPreviewView } from './approval-preview';
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
  /** The card answers `a`, `r` and `d` itself while focus is in it (the run page); the approvals page binds them for the selected card. */
  handlesKeys?: boolean;
}>;

/** The key that answers from the keyboard, on its button (the button's name stays the words alone). */
function KeyHint({ letter }: Readonly<{ letter: string }>) {
  return (
    <kbd className="key-hint" aria-hidden="true">
      {letter}
    </kbd>
  );
}

type Answer = Readonly<{ decision: 'allow' | 'deny'; scope: 'once' | 'run'; reason?: string }>;

/**
 * A pending tool call a person must answer: the agent's message that led to it, the tool, what it
 * would do (a diff, the file's content, the command), why it asks and its risk, the time left, and
 * "Allow once", "Allow for this run" (saying exactly what that allows) and "Deny" with an optional reason.
 */
export function ApprovalCard({ approval, runName, isSelected = false, onSelect, ref, handlesKeys = false }: ApprovalCardProps) {
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
  const scopeId = `approval-${approval.id}-scope`;

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

  const startDeny = (): void => {
    setDenying(true);
    // Already open: the field is there, so focus it now (autoFocus covers a fresh one).
    document.getElementById(reasonId)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (!handlesKeys) return;
    const { key, ctrlKey, metaKey, altKey, repeat, target } = event;
    const action = approvalKeyAction({ key, ctrlKey, metaKey, altKey, repeat, target, isComposing: event.nativeEvent.isComposing });
    if (action === null || action === 'next' || action === 'previous') return;
    // Also keeps the `d` from being typed into the reason field that it focuses.
    event.preventDefault();
    if (action === 'allow_once') allowOnce();
    else if (action === 'allow_run') allowForRun();
    else startDeny();
  };

  useImperativeHandle(ref, () => ({
    allowOnce,
    allowForRun,
    startDeny,
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
      onKeyDown={onKeyDown}
    >
      <AgentMessage approval={approval} />
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
      <ApprovalWhy approval={approval} />
      <ApprovalPreviewView tool={approval.tool} input={approval.input} />
      <div className="approval-actions">
        <button type="button" className="button-primary" onClick={allowOnce} disabled={isBusy} aria-keyshortcuts="a">
          Allow once <KeyHint letter="a" />
        </button>
        <button type="button" onClick={allowForRun} disabled={isBusy} aria-keyshortcuts="r" aria-describedby={scopeId}>
          Allow for this run <KeyHint letter="r" />
        </button>
        {!isDenying && (
          <button type="button" className="button-danger" onClick={() => setDenying(true)} disabled={isBusy} aria-keyshortcuts="d">
            Deny <KeyHint letter="d" />
          </button>
        )}
      </div>
      <AllowForRunScope approval={approval} id={scopeId} />
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
