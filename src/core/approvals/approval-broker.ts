import type { ApprovalContext, ApprovalTimeoutAction, Approval, PauseReason, Run, RunEvent, StopReason } from '../../shared/records';
import { agentMessageBefore } from '../../shared/approval-context';
import { DEFAULT_APPROVAL_TIMEOUT_MS } from '../../shared/records';
import type { RunnerMessageOf, SupervisorMessage } from '../../shared/protocol';
import { assertNever } from '../../shared/assert';
import type { EventBus } from '../events/event-bus';
import type { ApprovalsRepository } from '../store/approvals-repository';
import type { RunChanges } from '../store/runs-repository';
import { ApiFailure } from '../api-failure';

/** How many of a run's latest events are read to find the agent's message before a request (a long answer is many deltas). */
export const APPROVAL_CONTEXT_EVENTS = 400;

export type Decision = Readonly<{ decision: 'allow' | 'deny'; scope: 'once' | 'run'; reason?: string }>;

/** How a person's answer came: directly, or through a notifier's action link. */
export type DecidedBy = Readonly<{ decidedBy: 'user' } | { decidedBy: 'link'; decidedVia: string }>;

/** What the broker may do to a live run's process (the supervisor does it). */
export interface RunnerControl {
  /** Sends to the run's runner; false when it has no process. */
  sendToRunner(runId: string, message: SupervisorMessage): boolean;
  /** The run pauses at its next gate (its current turn ends first). */
  pauseAtNextGate(runId: string, reason: PauseReason): void;
  /** The run's process ends now through the stop ladder, recorded with `reason`. */
  end(runId: string, reason: StopReason, detail: string): void;
}

/** What the supervisor asks of the broker. */
export interface ApprovalRequests {
  /** Records a runner's request and asks the people watching. */
  request(runId: string, message: RunnerMessageOf<'approval_request'>): Approval;
  /** Cancels what a run still waits for: it stopped, paused or crashed (nothing stays pending). */
  cancelForRun(runId: string, why: string): void;
  /** The request with its context while it is pending (the agent's message, why it asks, what "Allow for this run" allows). */
  withContext(approval: Approval): Approval;
}

/** The broker: the supervisor's requests, a person's answers (through the API), and its timers. */
export interface ApprovalBroker extends ApprovalRequests {
  /** A person's answer. Unknown → not_found; already answered → conflict. */
  /** A person's answer; `by` says how it came (the window, the CLI, or a notification's action link and its notifier). */
  decide(id: string, decision: Decision, by?: DecidedBy): Approval;
  dispose(): void;
}

export type BrokerDeps = Readonly<{
  approvals: ApprovalsRepository;
  bus: EventBus;
  now(): Date;
  runOf(runId: string): Run;
  update(runId: string, changes: RunChanges): Run;
  runners: RunnerControl;
  /** The name of a schedule, for the requests its unattended runs raise; null when it is gone. */
  scheduleNameOf?(scheduleId: string): string | null;
  /** The run's latest stored events, oldest first (the caller writes what it buffered first): the agent's message comes from them. */
  recentEvents(runId: string): ReadonlyArray<RunEvent>;
}>;

/** What happens when a request times out, by the run's permissions (DESIGN §7: default pause). */
function timeoutPolicy(run: Run): Readonly<{ ms: number; action: ApprovalTimeoutAction }> {
  return { ms: run.permissions.approvalTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS, action: run.permissions.onApprovalTimeout ?? 'pause' };
}

/**
 * Records every approval request, puts its run in `waiting_approval`, and resolves each request
 * exactly once: by a person, by its timeout, or by cancellation when the run stops (DESIGN §7).
 */
export function createApprovalBroker(deps: BrokerDeps): ApprovalBroker {
  const timers = new Map<string, NodeJS.Timeout>();
  // Only for pending requests: a request outlives neither its runner nor the engine (both cancel it), so this is never stored.
  const contexts = new Map<string, ApprovalContext>();

  function settle(approval: Approval, restoreStatus: boolean): void {
    const timer = timers.get(approval.id);
    if (timer) clearTimeout(timer);
    timers.delete(approval.id);
    contexts.delete(approval.id);
    deps.bus.publish({ type: 'approval.resolved', approval });
    if (!restoreStatus) return;
    const run = deps.runOf(approval.runId);
    if (run.status === 'waiting_approval' && deps.approvals.pending(approval.runId).length === 0) deps.update(approval.runId, { status: 'running' });
  }

  function resolve(id: string, resolution: Omit<Parameters<ApprovalsRepository['resolve']>[1], 'decidedAt'>, restoreStatus = true): Approval | null {
    const resolved = deps.approvals.resolve(id, { ...resolution, decidedAt: deps.now().toISOString() });
    if (resolved) settle(resolved, restoreStatus);
    return resolved;
  }

  function onTimeout(id: string): void {
    const approval = deps.approvals.get(id);
    if (approval?.status !== 'pending') return;
    const run = deps.runOf(approval.runId);
    const { ms, action } = timeoutPolicy(run);
    const waited = `no answer within ${Math.round(ms / 1000)} s`;
    // A scheduled run's outcome was pinned by its schedule (the unattended contract): the policy decided, not a bare timeout.
    const byPolicy = run.scheduleId !== undefined && run.scheduleId !== null;
    resolve(id, {
      status: 'timed_out',
      scope: null,
      reason: byPolicy ? `${waited}; the schedule's unattended outcome: ${action}` : `${waited}; ${action}`,
      decidedBy: byPolicy ? 'policy' : 'timeout',
    });
    switch (action) {
      case 'deny':
        deps.runners.sendToRunner(run.id, {
          type: 'approval_result',
          requestId: id,
          decision: 'deny',
          by: 'timeout',
          reason: `not executed: not answered in time (${waited})`,
        });
        return;
      case 'pause':
        deps.runners.pauseAtNextGate(run.id, 'approval_timeout');
        deps.runners.sendToRunner(run.id, {
          type: 'approval_result',
          requestId: id,
          decision: 'deny',
          by: 'timeout',
          reason: 'not executed: the run was paused before approval',
          endTurn: true,
        });
        return;
      case 'stop':
        deps.runners.end(run.id, 'approval_timeout', `The request to run ${approval.tool} got ${waited}`);
        return;
      default:
        return assertNever(action, 'approval timeout action');
    }
  }

  return {
    /** Records a runner's request and asks the people watching. */
    request(runId: string, message: RunnerMessageOf<'approval_request'>): Approval {
      const run = deps.runOf(runId);
      const { ms } = timeoutPolicy(run);
      const requestedAt = deps.now();
      const approval: Approval = {
        id: message.requestId,
        runId,
        iteration: message.iteration,
        tool: message.tool,
        input: message.input,
        summary: message.summary,
        risk: message.risk,
        status: 'pending',
        scope: null,
        reason: null,
        decidedBy: null,
        requestedAt: requestedAt.toISOString(),
        decidedAt: null,
        expiresAt: new Date(requestedAt.getTime() + ms).toISOString(),
        ...(run.scheduleId ? { scheduleName: deps.scheduleNameOf?.(run.scheduleId) ?? null } : {}),
      };
      deps.approvals.insert(approval);
      const context: ApprovalContext = {
        agentMessage: agentMessageBefore(deps.recentEvents(runId), message),
        why: message.why ?? null,
        subject: message.subject ?? null,
      };
      contexts.set(approval.id, context);
      timers.set(
        approval.id,
        setTimeout(() => onTimeout(approval.id), ms),
      );
      if (run.status === 'running') deps.update(runId, { status: 'waiting_approval' });
      const withContext: Approval = { ...approval, context };
      deps.bus.publish({ type: 'approval.requested', approval: withContext });
      return withContext;
    },

    /** A person's answer. Unknown → not_found; already answered → conflict. */
    decide(id: string, decision: Decision, by: DecidedBy = { decidedBy: 'user' }): Approval {
      const existing = deps.approvals.get(id);
      if (!existing) throw new ApiFailure('not_found', `There is no approval request ${id}`);
      if (existing.status !== 'pending') {
        throw new ApiFailure('conflict', `The request to run ${existing.tool} was already answered (${existing.status.replace('_', ' ')})`);
      }
      const resolved = resolve(id, {
        status: decision.decision === 'allow' ? 'allowed' : 'denied',
        scope: decision.decision === 'allow' ? decision.scope : null,
        reason: decision.reason ?? null,
        ...by,
      });
      if (!resolved) throw new ApiFailure('conflict', `The request to run ${existing.tool} was answered in the meantime`);
      deps.runners.sendToRunner(resolved.runId, {
        type: 'approval_result',
        requestId: id,
        decision: decision.decision,
        ...(decision.decision === 'allow' ? { scope: decision.scope } : {}),
        ...(decision.reason ? { reason: decision.reason } : {}),
      });
      return resolved;
    },

    /** Cancels what a run still waits for: it stopped, paused or crashed (nothing stays pending). */
    cancelForRun(runId: string, why: string): void {
      for (const approval of deps.approvals.pending(runId)) {
        resolve(approval.id, { status: 'cancelled', scope: null, reason: why, decidedBy: 'cancelled' }, false);
      }
    },

    withContext(approval: Approval): Approval {
      const context = approval.status === 'pending' ? contexts.get(approval.id) : undefined;
      return context ? { ...approval, context } : approval;
    },

    dispose(): void {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      contexts.clear();
    },
  };
}
