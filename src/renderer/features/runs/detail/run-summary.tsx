import { type ReactNode, useEffect, useState } from 'react';
import { describeContextMode } from '../../../../shared/context-mode';
import { describeRunStatus, type Run } from '../../../../shared/records';
import { isFailedRun } from '../../../../shared/run-outcome';
import { AGENT_LABELS, describeRunSandbox } from '../../../../shared/agents';
import { describeVerifyCommands } from '../../../../shared/verify';
import { describeRunNotify } from '../../../../shared/notifiers';
import type { SandboxKind } from '../../../../shared/sandbox';
import { useApiClient } from '../../../api/api-context';
import { formatCacheTokens, formatCost, formatTime, formatTokens } from '../../../ui/format';
import { StatusChip } from '../../../ui/status-chip';
import { describePermissionProfile } from '../permission-preview';
import { describeRunReason } from '../run-reason';
import { RecoveryHint } from '../recovery-hint';

/** A template revision is a sha256; its first 8 characters tell revisions apart for people. */
const REVISION_SHOWN_CHARS = 8;

/**
 * The sandbox the engine's machine offers (`system.info`), only for a run whose agent's confinement depends on it (a
 * trusted Claude Code or Codex run); undefined until known, or when the engine does not say.
 */
function useHostSandbox(run: Run): SandboxKind | undefined {
  const api = useApiClient();
  const [hostSandbox, setHostSandbox] = useState<SandboxKind | undefined>(undefined);
  const needed = run.agent !== 'autoloop' && run.sandbox === 'none';
  useEffect(() => {
    if (!needed) return;
    let isCurrent = true;
    api.call('system.info', {}).then(
      (info) => isCurrent && setHostSandbox(info.hostSandbox),
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
  }, [api, needed]);
  return hostSandbox;
}

/** The run's header: name, status and why, what goes on now (`children`: the now strip), and the facts a person checks first. */
export function RunSummary({ run, children }: Readonly<{ run: Run; children?: ReactNode }>) {
  const reason = describeRunReason(run);
  const hostSandbox = useHostSandbox(run);
  return (
    <header className="run-summary">
      <div className="run-title">
        <h1>{run.name}</h1>
        <StatusChip status={run.status} label={describeRunStatus(run.status)} testId="run-status" isFailed={isFailedRun(run)} />
      </div>
      {(reason ?? run.detail) && (
        <p className="run-reason" data-testid="run-reason">
          {reason}
          {run.detail ? (
            <span className="muted" data-testid="run-detail">
              {reason ? ' — ' : ''}
              {run.detail}
            </span>
          ) : null}
        </p>
      )}
      <RecoveryHint run={run} />
      {children}
      <dl className="facts">
        <div>
          <dt>Model</dt>
          <dd>{run.model}</dd>
        </div>
        <div>
          <dt>Agent</dt>
          <dd data-testid="run-agent">{AGENT_LABELS[run.agent]}</dd>
        </div>
        <div>
          <dt>Working folder</dt>
          <dd className="mono">{run.workdir}</dd>
        </div>
        <div>
          <dt>Permissions</dt>
          <dd data-testid="run-profile" title={describePermissionProfile(run.permissions.profile)}>
            {run.permissions.profile}
            {run.permissions.rules.length > 0 && <span className="muted"> + {run.permissions.rules.length} rules</span>}
          </dd>
        </div>
        <div>
          <dt>Sandbox</dt>
          <dd data-testid="run-sandbox" className={run.sandbox === 'none' ? 'severity-warning' : undefined}>
            {describeRunSandbox(run.agent, run.sandbox, run.permissions.profile, hostSandbox)}
            {run.sandbox !== 'none' && <span className="muted"> · network: {run.network.length > 0 ? run.network.join(', ') : 'none'}</span>}
          </dd>
        </div>
        {run.verify && run.verify.length > 0 && (
          <div>
            <dt>Verify</dt>
            <dd data-testid="run-verify" className="mono" title="These commands must pass before the agent's complete ends the run">
              {describeVerifyCommands(run.verify)}
            </dd>
          </div>
        )}
        {run.mcp && run.mcp.length > 0 && (
          <div>
            <dt>MCP servers</dt>
            <dd data-testid="run-mcp" title="Their tools reach the model as mcp__<server>__<tool>, behind the run's permissions">
              {run.mcp.join(', ')}
            </dd>
          </div>
        )}
        <div>
          <dt>Notifiers</dt>
          <dd data-testid="run-notify" title="Where this run's approvals, budget pauses and failures are sent (Settings → Notifiers)">
            {describeRunNotify(run.notify)}
          </dd>
        </div>
        <div>
          <dt>Context</dt>
          <dd data-testid="run-context" title={describeContextMode(run.context)}>
            {run.context} <span className="muted">· {describeContextMode(run.context)}</span>
          </dd>
        </div>
        <div>
          <dt>Template</dt>
          <dd>
            {run.template} <span className="mono muted">@{run.templateRevision.slice(0, REVISION_SHOWN_CHARS)}</span>
          </dd>
        </div>
        <div>
          <dt>Iterations</dt>
          <dd data-testid="run-iterations-count">{run.iterations}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd data-testid="run-tokens">
            {formatTokens(run.inputTokens + run.outputTokens)}{' '}
            <span className="muted">
              ({formatTokens(run.inputTokens)} in, {formatTokens(run.outputTokens)} out)
            </span>
          </dd>
        </div>
        <div>
          <dt>Prompt cache</dt>
          <dd data-testid="run-cache" title="Input tokens the provider read from and wrote to its prompt cache, each priced at its own rate">
            {formatCacheTokens(run)}
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd data-testid="run-cost">{formatCost(run.costUsd)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatTime(run.startedAt)}</dd>
        </div>
        {run.endedAt && (
          <div>
            <dt>Ended</dt>
            <dd>{formatTime(run.endedAt)}</dd>
          </div>
        )}
      </dl>
    </header>
  );
}
