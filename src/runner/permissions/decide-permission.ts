import type { Permissions, PermissionRule } from '../../shared/records';
import type { ToolEffect } from '../tools/agent-tool';
import { allowRuleCovers, denyRuleHits } from './bash-rules';
import { isInsideGitFolder } from './git-folder';
import { matchesWildcard } from './wildcard';

export type PermissionAction = PermissionRule['action'];

/** Tools that only talk to Autoloop itself; no profile or rule can block them. */
const ALWAYS_ALLOWED = new Set(['report', 'complete']);

/** Whether a rule pattern matches a subject: `*` is any text, `?` one character, the rest literal, whole string. Linear in the subject. */
export function matchesPattern(pattern: string, subject: string): boolean {
  return matchesWildcard(pattern, subject);
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

/**
 * Whether a rule applies to a call. Bash allow rules cover one simple command by its argv (never a command
 * with operators, substitutions or expansions, nor git's dangerous options); bash deny and ask rules hit the
 * raw text or any command the line runs once normalised. Other tools match the subject (for file tools, the real
 * path relative to the workdir, worked out by the gate) against the pattern.
 */
function ruleApplies(rule: PermissionRule, tool: string, subject: string): boolean {
  if (tool !== 'bash') return matchesPattern(rule.pattern, subject);
  return rule.action === 'allow' ? allowRuleCovers(rule.pattern, subject) : denyRuleHits(rule.pattern, subject);
}

/** Tools that read files: a rule that denies `read_file` a path denies them that path too. */
export const READING_TOOLS: ReadonlySet<string> = new Set(['read_file', 'grep', 'glob', 'list_dir']);

function toolMatches(rule: PermissionRule, tool: string): boolean {
  if (rule.tool === tool || rule.tool === '*') return true;
  return rule.action === 'deny' && rule.tool === 'read_file' && READING_TOOLS.has(tool);
}

/**
 * Allow, ask or deny one tool call (DESIGN §7): the run's ordered rules, then the profile. Pure.
 * ("Allow for this run" is the gate's: it remembers the tool and subject a person allowed.)
 */
export function decidePermission(
  call: Readonly<{ tool: string; effect: ToolEffect; input: unknown; subject?: string }>,
  permissions: Pick<Permissions, 'profile' | 'rules'>,
): PermissionAction {
  if (ALWAYS_ALLOWED.has(call.tool)) return 'allow';
  const subject = call.subject ?? subjectOf(call.input);
  const rule = permissions.rules.find((candidate) => toolMatches(candidate, call.tool) && ruleApplies(candidate, call.tool, subject));
  const action = rule?.action ?? byProfile(permissions.profile, call.effect);
  // Git's config and hooks run programs: writing inside `.git` always asks a person, unless the run is trusted.
  if (action === 'allow' && call.effect === 'write' && permissions.profile !== 'trusted' && isInsideGitFolder(subject)) return 'ask';
  return action;
}

/** How risky a call is, for the approval prompt. */
export function riskOf(effect: ToolEffect): 'low' | 'medium' | 'high' {
  return effect === 'read' ? 'low' : effect === 'write' ? 'medium' : 'high';
}
