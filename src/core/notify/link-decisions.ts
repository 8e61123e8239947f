import type { Approval, Run } from '../../shared/records';
import { activeLimit } from '../../shared/run-settings';
import type { Limits } from '../../shared/run-settings';
import type { Engine } from '../create-engine';
import type { LinkAction, LinkPayload } from './action-links';

/** The button of each decision, in words. */
export const LINK_ACTION_WORDS: Readonly<Record<LinkAction, string>> = {
  allow_once: 'Allow once',
  deny: 'Deny',
  extend: 'Extend the budget',
  stop: 'Stop the run',
};

/** What the confirmation page shows: what the link would do, about what, and whether it still can. */
export type LinkSubject = Readonly<{ heading: string; lines: string[]; stillOpen: string | null }>;

async function approvalOf(engine: Engine, id: string): Promise<Approval | null> {
  return (await engine.api['approvals.list']({ status: 'all' })).find((approval) => approval.id === id) ?? null;
}

async function runOf(engine: Engine, id: string): Promise<Run | null> {
  try {
    return await engine.api['runs.get']({ id });
  } catch {
    return null;
  }
}

/** The run's token and cost limits raised by `percent`, or null when neither limits it (a daily budget paused it). */
export function extendedLimits(run: Pick<Run, 'limits'>, percent: number): Limits | null {
  const tokens = activeLimit(run.limits.maxTokens);
  const cost = activeLimit(run.limits.maxCostUsd);
  if (tokens === null && cost === null) return null;
  return {
    ...(tokens === null ? {} : { maxTokens: Math.ceil(tokens * (1 + percent / 100)) }),
    ...(cost === null ? {} : { maxCostUsd: Math.round(cost * (1 + percent / 100) * 100) / 100 }),
  };
}

/** Why the decision can no longer be taken (answered, ended, resumed), or null when it still can. */
function closedReason(payload: LinkPayload, approval: Approval | null, run: Run | null): string | null {
  if (payload.action === 'allow_once' || payload.action === 'deny') {
    if (!approval) return 'That approval request no longer exists.';
    return approval.status === 'pending' ? null : `That request was already answered (${approval.status.replace('_', ' ')}); nothing was changed.`;
  }
  if (!run) return 'That run no longer exists.';
  if (run.status === 'ended') return 'That run has already ended; nothing was changed.';
  if (payload.action === 'extend' && !(run.status === 'paused' && run.pauseReason === 'budget'))
    return 'That run is no longer paused on its budget; nothing was changed.';
  return null;
}

/** What a link is about, for the confirmation page (a GET: nothing is decided). */
export async function describeLink(engine: Engine, payload: LinkPayload): Promise<LinkSubject> {
  if (payload.action === 'allow_once' || payload.action === 'deny') {
    const approval = await approvalOf(engine, payload.target);
    const run = approval ? await runOf(engine, approval.runId) : null;
    return {
      heading: `${LINK_ACTION_WORDS[payload.action]}?`,
      lines: approval ? [`Run: ${run?.name ?? approval.runId}`, `Tool: ${approval.tool}`, `Request: ${approval.summary}`] : [],
      stillOpen: closedReason(payload, approval, run),
    };
  }
  const run = await runOf(engine, payload.target);
  const limits = run && payload.action === 'extend' ? extendedLimits(run, engine.settings().notify.extendPercent) : null;
  const raise = limits
    ? [
        `New limits: ${[limits.maxTokens === undefined ? null : `${limits.maxTokens} tokens`, limits.maxCostUsd === undefined ? null : `$${limits.maxCostUsd.toFixed(2)}`].filter(Boolean).join(', ')}`,
      ]
    : [];
  return {
    heading: `${LINK_ACTION_WORDS[payload.action]}?`,
    lines: run ? [`Run: ${run.name}`, `Status: ${run.status}${run.pauseReason ? ` (${run.pauseReason})` : ''}`, ...raise] : [],
    stillOpen: closedReason(payload, null, run),
  };
}

/** Takes the link's decision (after the person confirmed it); returns what happened, in words. Throws with the reason when it cannot. */
export async function performLink(engine: Engine, payload: LinkPayload): Promise<string> {
  switch (payload.action) {
    case 'allow_once':
    case 'deny': {
      const approval = engine.decideApprovalByLink(payload.target, payload.action === 'allow_once' ? 'allow' : 'deny', payload.via);
      return `${approval.status === 'allowed' ? 'Allowed once' : 'Denied'}: ${approval.tool}.`;
    }
    case 'stop': {
      const run = await engine.api['runs.stop']({ id: payload.target });
      return `Stopping ${run.name}.`;
    }
    case 'extend': {
      const run = await engine.api['runs.get']({ id: payload.target });
      if (!(run.status === 'paused' && run.pauseReason === 'budget')) throw new Error('That run is no longer paused on its budget; nothing was changed.');
      const limits = extendedLimits(run, engine.settings().notify.extendPercent);
      if (!limits) throw new Error('A daily budget paused that run, not its own limits: raise the daily budget in Settings.');
      const resumed = await engine.api['runs.resume']({ id: run.id, limits: { ...run.limits, ...limits } });
      return `Extended the budget of ${resumed.name} and resumed it.`;
    }
    default: {
      const never: never = payload.action;
      return never;
    }
  }
}
