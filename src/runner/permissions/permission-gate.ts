import { cutSummary } from '../../shared/summary-text';
import type { Permissions } from '../../shared/records';
import type { SupervisorLink } from '../supervisor-link';
import type { AnyAgentTool } from '../tools/agent-tool';
import { READING_TOOLS, describeRisk, explainPermission, matchesPattern, riskOf } from './decide-permission';
import { ruleSubject } from './rule-subject';

export type GateVerdict = Readonly<{ allowed: true } | { allowed: false; message: string; endTurn: boolean; stopRun: boolean }>;

export type PermissionGate = Readonly<{
  /** Decides one call; asks the person through the supervisor when the policy says so. */
  check(tool: AnyAgentTool, input: unknown, iteration: number): Promise<GateVerdict>;
  /** Whether a rule that denies reading covers a path relative to the workdir: grep and glob skip it while they walk. */
  isReadDenied(relativePath: string): boolean;
  /** Whether an allow rule for this tool spells the host out (`http://localhost:3000/*`), not only through `*`. */
  ruleNamesHost(tool: string, host: string): boolean;
}>;

/** The run's permission gate: policy first, then a person via `approval_request` (DESIGN §7). */
export function createPermissionGate(
  permissions: Permissions,
  link: Pick<SupervisorLink, 'requestApproval'>,
  scope: Readonly<{ workdir?: string }> = {},
): PermissionGate {
  // "Allow for this run": the same tool with the same subject is not asked again.
  const allowedForRun = new Set<string>();
  const keyOf = (tool: string, subject: string): string => `${tool}\u0000${subject}`;
  const stopOnDeny = permissions.onDeny === 'stop';
  const denied = (message: string, endTurn = false): GateVerdict => ({ allowed: false, message, endTurn: endTurn || stopOnDeny, stopRun: stopOnDeny });

  return {
    isReadDenied(relativePath) {
      return permissions.rules.some(
        (rule) => rule.action === 'deny' && (rule.tool === '*' || READING_TOOLS.has(rule.tool)) && matchesPattern(rule.pattern, relativePath),
      );
    },
    ruleNamesHost(tool, host) {
      const needle = host.toLowerCase();
      return permissions.rules.some((rule) => rule.action === 'allow' && rule.tool === tool && rule.pattern.toLowerCase().includes(needle));
    },
    async check(tool, input, iteration) {
      const subject = await ruleSubject(tool.name, input, scope.workdir);
      if (allowedForRun.has(keyOf(tool.name, subject))) return { allowed: true };
      const { action, why } = explainPermission({ tool: tool.name, effect: tool.effect, input, subject }, permissions);
      if (action === 'allow') return { allowed: true };
      const summary = safeSummary(tool, input);
      if (action === 'deny') return denied(`denied by the run's permissions (${permissions.profile}): ${summary}`);
      // node:crypto is loaded on the first approval request, not at every runner start.
      const { randomUUID } = await import('node:crypto');
      const answer = await link.requestApproval({
        requestId: randomUUID(),
        iteration,
        tool: tool.name,
        input,
        summary,
        risk: riskOf(tool.effect),
        why: `${why} ${describeRisk(tool.effect)}`,
        // The gate remembers exactly this for "Allow for this run"; the card shows it before a person saves it.
        ...(subject === '' ? {} : { subject: subject.slice(0, APPROVAL_SUBJECT_MAX_CHARS) }),
      });
      if (answer.decision === 'stop') return { allowed: false, message: 'not executed: the run was stopped', endTurn: true, stopRun: false };
      if (answer.decision === 'allow') {
        if (answer.scope === 'run') allowedForRun.add(keyOf(tool.name, subject));
        return { allowed: true };
      }
      if (answer.by === 'timeout') return denied(answer.reason ?? 'not executed: nobody answered in time', answer.endTurn);
      return denied(answer.reason ? `denied by the user: ${answer.reason}` : 'denied by the user', answer.endTurn);
    },
  };
}

/** The longest subject sent with a request (the protocol's limit); the gate still remembers the whole one. */
const APPROVAL_SUBJECT_MAX_CHARS = 8_000;

/** The longest approval summary; a longer one is cut and says how much is hidden (the request carries the whole input). */
export const APPROVAL_SUMMARY_MAX_CHARS = 400;

function safeSummary(tool: AnyAgentTool, input: unknown): string {
  try {
    return cutSummary(tool.summarize(input), APPROVAL_SUMMARY_MAX_CHARS);
  } catch {
    return `${tool.name} with input that does not fit its schema`;
  }
}
