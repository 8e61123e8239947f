import type { Permissions } from '../../shared/records';
import type { SupervisorLink } from '../supervisor-link';
import type { AnyAgentTool } from '../tools/agent-tool';
import { decidePermission, riskOf, subjectOf } from './decide-permission';

export type GateVerdict = Readonly<
  { allowed: true } | { allowed: false; message: string; endTurn: boolean; stopRun: boolean }
>;

export type PermissionGate = Readonly<{
  /** Decides one call; asks the person through the supervisor when the policy says so. */
  check(tool: AnyAgentTool, input: unknown, iteration: number): Promise<GateVerdict>;
}>;

/** The run's permission gate: policy first, then a person via `approval_request` (DESIGN §7). */
export function createPermissionGate(permissions: Permissions, link: Pick<SupervisorLink, 'requestApproval'>): PermissionGate {
  // "Allow for this run": the same tool with the same subject is not asked again.
  const allowedForRun = new Set<string>();
  const keyOf = (tool: string, input: unknown): string => `${tool}\u0000${subjectOf(input)}`;
  const stopOnDeny = permissions.onDeny === 'stop';
  const denied = (message: string, endTurn = false): GateVerdict => ({ allowed: false, message, endTurn: endTurn || stopOnDeny, stopRun: stopOnDeny });

  return {
    async check(tool, input, iteration) {
      if (allowedForRun.has(keyOf(tool.name, input))) return { allowed: true };
      const action = decidePermission({ tool: tool.name, effect: tool.effect, input }, permissions);
      if (action === 'allow') return { allowed: true };
      const summary = safeSummary(tool, input);
      if (action === 'deny') return denied(`denied by the run's permissions (${permissions.profile}): ${summary}`);
      // node:crypto is loaded on the first approval request, not at every runner start.
      const { randomUUID } = await import('node:crypto');
      const answer = await link.requestApproval({ requestId: randomUUID(), iteration, tool: tool.name, input, summary, risk: riskOf(tool.effect) });
      if (answer.decision === 'stop') return { allowed: false, message: 'not executed: the run was stopped', endTurn: true, stopRun: false };
      if (answer.decision === 'allow') {
        if (answer.scope === 'run') allowedForRun.add(keyOf(tool.name, input));
        return { allowed: true };
      }
      if (answer.by === 'timeout') return denied(answer.reason ?? 'not executed: nobody answered in time', answer.endTurn);
      return denied(answer.reason ? `denied by the user: ${answer.reason}` : 'denied by the user', answer.endTurn);
    },
  };
}

function safeSummary(tool: AnyAgentTool, input: unknown): string {
  try {
    return tool.summarize(input);
  } catch {
    return `${tool.name} with input that does not fit its schema`;
  }
}
