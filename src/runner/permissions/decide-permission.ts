import type { Permissions, PermissionRule } from '../../shared/records';
import type { ToolEffect } from '../tools/agent-tool';

export type PermissionAction = PermissionRule['action'];

/** Tools that only talk to Autoloop itself; no profile or rule can block them. */
const ALWAYS_ALLOWED = new Set(['report', 'complete']);

/** Whether a rule pattern matches a subject: `*` is any text, `?` one character, the rest literal, whole string. */
export function matchesPattern(pattern: string, subject: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${regex}$`).test(subject);
}

/** What a rule is matched against: the command for bash, the path for file tools, the URL for web_fetch. */
export function subjectOf(input: unknown): string {
  if (typeof input !== 'object' || input === null) return '';
  const record = input as Record<string, unknown>;
  for (const key of ['command', 'path', 'url', 'pattern']) {
    if (typeof record[key] === 'string') return record[key];
  }
  return '';
}

function byProfile(profile: Permissions['profile'], effect: ToolEffect): PermissionAction {
  switch (profile) {
    case 'read-only':
      return effect === 'read' ? 'allow' : 'deny';
    case 'ask':
      return effect === 'read' ? 'allow' : 'ask';
    case 'workspace-write':
      return effect === 'read' || effect === 'write' ? 'allow' : 'ask';
    case 'trusted':
      return 'allow';
  }
}

/** Shell operators that chain, substitute or redirect: `npm test; curl … | sh` is not `npm test`. */
const SHELL_OPERATORS = /[;&|`$<>\n]/;

/**
 * Whether an allow rule would let a bash command through only because its `*` swallowed shell
 * operators the rule does not mention: such a rule does not apply, so the call falls to the next rule
 * or the profile (usually: ask).
 */
function allowsMoreThanItSays(rule: PermissionRule, tool: string, subject: string): boolean {
  return rule.action === 'allow' && tool === 'bash' && SHELL_OPERATORS.test(subject) && !SHELL_OPERATORS.test(rule.pattern);
}

/**
 * Allow, ask or deny one tool call (DESIGN §7). Rules added for this run ("allow for this run") come
 * first, then the run's ordered rules, then the profile. Pure.
 */
export function decidePermission(
  call: Readonly<{ tool: string; effect: ToolEffect; input: unknown }>,
  permissions: Pick<Permissions, 'profile' | 'rules'>,
  runRules: ReadonlyArray<PermissionRule> = [],
): PermissionAction {
  if (ALWAYS_ALLOWED.has(call.tool)) return 'allow';
  const subject = subjectOf(call.input);
  const rule = [...runRules, ...permissions.rules].find(
    (candidate) =>
      (candidate.tool === call.tool || candidate.tool === '*') &&
      matchesPattern(candidate.pattern, subject) &&
      !allowsMoreThanItSays(candidate, call.tool, subject),
  );
  return rule?.action ?? byProfile(permissions.profile, call.effect);
}

/** How risky a call is, for the approval prompt. */
export function riskOf(effect: ToolEffect): 'low' | 'medium' | 'high' {
  return effect === 'read' ? 'low' : effect === 'write' ? 'medium' : 'high';
}
