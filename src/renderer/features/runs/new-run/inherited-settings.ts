import { DEFAULT_CONTEXT_MODE } from '../../../../shared/context-mode';
import { AGENT_LABELS } from '../../../../shared/agents';
import { formatDuration } from '../../../../shared/duration';
import type { LimitKey } from '../../../../shared/limit-text';
import { activeLimit, type Limits, type PermissionProfile } from '../../../../shared/records';
import type { TemplateRunSettings } from '../../../../shared/templates';
import type { Isolation } from '../../../../shared/worktree';

/** What a run gets for a setting the form leaves empty, and where it comes from (the template, your defaults in Settings, or the engine). */
export type Inherited = Readonly<{ value: string; from: 'template' | 'defaults' | null }>;

/** The inputs: the template's own run settings (null for an older engine) and the person's defaults from Settings (null while loading). */
export type InheritanceSources = Readonly<{
  template: TemplateRunSettings | null;
  defaults: Readonly<{ limits: Limits; profile: PermissionProfile }> | null;
}>;

/** Pure: "25 (from template)", "ask (from your defaults)", or the bare value when nobody set it. */
export function inheritedText(inherited: Inherited): string {
  switch (inherited.from) {
    case 'template':
      return `${inherited.value} (from template)`;
    case 'defaults':
      return `${inherited.value} (from your defaults)`;
    case null:
      return inherited.value;
  }
}

function shownLimit(key: LimitKey, value: number): string {
  if (key === 'maxDurationMs') return formatDuration(value);
  if (key === 'maxCostUsd') return `$${value}`;
  return String(value);
}

/**
 * Pure: what a limit left empty becomes, by the engine's rule (`{...defaults, ...template, ...form}`):
 * the template's, else your default, else none.
 */
export function inheritedLimit(key: LimitKey, sources: InheritanceSources): Inherited {
  const fromTemplate = activeLimit(sources.template?.limits[key]);
  if (fromTemplate !== null) return { value: shownLimit(key, fromTemplate), from: 'template' };
  const fromDefaults = activeLimit(sources.defaults?.limits[key]);
  if (fromDefaults !== null) return { value: shownLimit(key, fromDefaults), from: 'defaults' };
  return { value: 'No limit', from: null };
}

/** Pure: the profile a run gets when the form leaves it: the template's, else your default, else `ask`. */
export function inheritedProfile(sources: InheritanceSources): Readonly<{ profile: PermissionProfile; from: Inherited['from'] }> {
  if (sources.template?.profile) return { profile: sources.template.profile, from: 'template' };
  if (sources.defaults) return { profile: sources.defaults.profile, from: 'defaults' };
  return { profile: 'ask', from: null };
}

/** Pure: what a run's isolation is when the form leaves it: the template's, else the engine's rule. */
export function inheritedIsolation(template: TemplateRunSettings | null): Inherited {
  const isolation: Isolation | null = template?.isolation ?? null;
  if (isolation !== null) return { value: isolation, from: 'template' };
  return { value: 'auto (worktree inside a git repository, else none)', from: null };
}

/** Pure: what each iteration remembers when the form leaves it: the template's `context:`, else the conversation carried. */
export function inheritedContext(template: TemplateRunSettings | null): Inherited {
  const context = template?.context ?? null;
  if (context !== null) return { value: context, from: 'template' };
  return { value: DEFAULT_CONTEXT_MODE, from: null };
}

/** Pure: who takes the turns when the form leaves it: the template's agent, else Autoloop's own. */
export function inheritedAgent(template: TemplateRunSettings | null): Inherited {
  const agent = template?.agent ?? null;
  return agent === null ? { value: AGENT_LABELS.autoloop, from: null } : { value: AGENT_LABELS[agent], from: 'template' };
}

/** Pure: the wait between iterations when the form leaves it. */
export function inheritedInterval(template: TemplateRunSettings | null): Inherited {
  const ms = template?.intervalMs ?? null;
  return ms === null || ms === 0 ? { value: 'None', from: ms === 0 ? 'template' : null } : { value: formatDuration(ms), from: 'template' };
}
