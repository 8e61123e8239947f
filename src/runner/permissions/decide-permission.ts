import { type PermissionAction, type ToolEffect, profileAction } from '../../shared/profile-action';
import type { PermissionRule, Permissions } from '../../shared/records';
import { allowRuleCovers, denyRuleHits } from './bash-rules';
import { isInsideGitFolder } from './git-folder';
import { matchesWildcard } from './wildcard';

export type { PermissionAction } from '../../shared/profile-action';

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
  // `mcp__github__*` names every tool of one MCP server.
  if (rule.tool.includes('*') && matchesPattern(rule.tool, tool)) return true;
  return rule.action === 'deny' && rule.tool === 'read_file' && READING_TOOLS.has(tool);
}

/** A permission decision and the reason for it, in words a person reads on the approval card. */
export type PermissionDecision = Readonly<{ action: PermissionAction; why: string }>;

const EFFECT_WORDS: Readonly<Record<ToolEffect, string>> = {
  read: 'reading',
  write: 'every file change',
  execute: 'every command',
  network: 'every web request',
};

/**
 * Allow, ask or deny one tool call (DESIGN §7), with why: the run's ordered rules, then the profile.
 * Pure. ("Allow for this run" is the gate's: it remembers the tool and subject a person allowed.)
 */
export function explainPermission(
  call: Readonly<{ tool: string; effect: ToolEffect; input: unknown; subject?: string }>,
  permissions: Pick<Permissions, 'profile' | 'rules'>,
): PermissionDecision {
  if (ALWAYS_ALLOWED.has(call.tool)) return { action: 'allow', why: `${call.tool} only talks to Autoloop` };
  const subject = call.subject ?? subjectOf(call.input);
  const rule = permissions.rules.find((candidate) => toolMatches(candidate, call.tool) && ruleApplies(candidate, call.tool, subject));
  const action = rule?.action ?? profileAction(permissions.profile, call.effect);
  // Git's config and hooks run programs: writing inside `.git` always asks a person, unless the run is trusted.
  if (action === 'allow' && call.effect === 'write' && permissions.profile !== 'trusted' && isInsideGitFolder(subject)) {
    return { action: 'ask', why: "It writes inside .git, where git's config and hooks can run programs: that always asks unless the run is trusted." };
  }
  const why = rule
    ? `The run's rule "${rule.action} ${rule.tool} ${rule.pattern}" matches this call.`
    : `The run's ${permissions.profile} profile ${action === 'ask' ? 'asks before' : action === 'deny' ? 'refuses' : 'allows'} ${EFFECT_WORDS[call.effect]}.`;
  return { action, why };
}

/** Allow, ask or deny one tool call (see `explainPermission`). Pure. */
export function decidePermission(
  call: Readonly<{ tool: string; effect: ToolEffect; input: unknown; subject?: string }>,
  permissions: Pick<Permissions, 'profile' | 'rules'>,
): PermissionAction {
  return explainPermission(call, permissions).action;
}

/** Why a call's risk is what it is, for the approval card. */
export function describeRisk(effect: ToolEffect): string {
  switch (effect) {
    case 'read':
      return 'Low risk: it only reads.';
    case 'write':
      return 'Medium risk: it changes a file in the working folder.';
    case 'execute':
      return "High risk: a command can run any program, with all the access the run's sandbox allows (all of yours when the run is not sandboxed).";
    case 'network':
      return 'High risk: a request to another machine can carry data out or fetch text written to steer the agent.';
  }
}

/** How risky a call is, for the approval prompt. */
export function riskOf(effect: ToolEffect): 'low' | 'medium' | 'high' {
  return effect === 'read' ? 'low' : effect === 'write' ? 'medium' : 'high';
}
