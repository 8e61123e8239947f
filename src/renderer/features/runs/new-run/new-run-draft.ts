import type { AgentKind } from '../../../../shared/agents';
import { McpServerName } from '../../../../shared/mcp';
import { NotifierName } from '../../../../shared/notifiers';
import { z } from 'zod';
import type { StartRunParams } from '../../../../shared/api';
import { parseDuration } from '../../../../shared/duration';
import { type LimitKey, parseLimit } from '../../../../shared/limit-text';
import type { ContextMode } from '../../../../shared/context-mode';
import type { Isolation, Limits, PermissionProfile } from '../../../../shared/records';
import { EnvVarName, NetworkHost } from '../../../../shared/sandbox';
import { type ParamValue, resolveParams } from '../../../../shared/resolve-params';
import type { TemplateParam, TemplateSummary } from '../../../../shared/templates';
import { VERIFY_MAX_COMMAND_CHARS, VERIFY_MAX_COMMANDS } from '../../../../shared/verify';

/** What the new-run form holds: text as typed (numbers are checked on submit), booleans as booleans. */
export type NewRunDraft = Readonly<{
  template: string;
  name: string;
  workdir: string;
  model: string;
  maxIterations: string;
  maxTokens: string;
  maxCostUsd: string;
  /** A duration such as `30m` or `2h`. */
  maxDuration: string;
  interval: string;
  /** Empty: the template's profile (or the default one). */
  profile: PermissionProfile | '';
  /** Verify commands, one a line; empty: the template's. */
  verify: string;
  /** Empty: the template's isolation, else the engine's rule (a worktree inside a git repository). */
  isolation: Isolation | '';
  /** Empty: the template's `context:`, else `carry`. */
  context: ContextMode | '';
  /** Empty: the template's agent, else Autoloop's own. */
  agent: AgentKind | '';
  /** Hosts the run's commands may reach besides the template's, separated by commas, spaces or lines (`--allow-net`). */
  network: string;
  /** Environment variable names let through to the run's tools besides the template's (`--pass-env`). */
  env: string;
  /** MCP servers (Settings → Tools) the run gets, by name; empty: the template's `mcp:` (`--mcp`). */
  mcp: string;
  /** Notifiers (Settings → Notifiers) the run's events go to, by name; `none`: no notifier; empty: the template's `notify:`, else all (`--notify`). */
  notify: string;
  params: Readonly<Record<string, string | boolean>>;
}>;

/** Field errors by field: `name`, `model`, a limit, `interval`, or `param:<name>`. */
export type DraftErrors = Readonly<Record<string, string>>;

/** The params to send, or the field errors to show. */
export type DraftCheck = Readonly<{ ok: true; params: StartRunParams } | { ok: false; errors: DraftErrors }>;

/** The error key of a template param. */
export function paramKey(name: string): string {
  return `param:${name}`;
}

function initialParamValue(spec: TemplateParam): string | boolean {
  if (spec.type === 'boolean') return spec.default === true || spec.default === 'true';
  return spec.default === undefined ? '' : String(spec.default);
}

/** Pure: a fresh draft for a template; the run settings the person already typed are kept. */
export function draftForTemplate(template: TemplateSummary, previous?: NewRunDraft): NewRunDraft {
  const params: Record<string, string | boolean> = {};
  for (const [name, spec] of Object.entries(template.params)) params[name] = initialParamValue(spec);
  return {
    template: template.name,
    name: template.name,
    workdir: previous?.workdir ?? '',
    model: template.model ?? template.demoModel ?? '',
    maxIterations: previous?.maxIterations ?? '',
    maxTokens: previous?.maxTokens ?? '',
    maxCostUsd: previous?.maxCostUsd ?? '',
    maxDuration: previous?.maxDuration ?? '',
    interval: previous?.interval ?? '',
    profile: previous?.profile ?? '',
    verify: previous?.verify ?? '',
    isolation: previous?.isolation ?? '',
    context: previous?.context ?? '',
    agent: previous?.agent ?? '',
    network: previous?.network ?? '',
    env: previous?.env ?? '',
    mcp: previous?.mcp ?? '',
    notify: previous?.notify ?? '',
    params,
  };
}

/** The params as typed: booleans as booleans, blank text as ''. */
function typedParams(template: TemplateSummary, typed: NewRunDraft['params']): Record<string, ParamValue> {
  const given: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(template.params)) {
    const value = typed[name];
    if (spec.type === 'boolean') given[name] = value === true;
    else given[name] = typeof value === 'string' && value.trim() !== '' ? value : '';
  }
  return given;
}

/**
 * The params checked by the engine's own rules (`resolveParams`), errors under `param:<name>`; what
 * is sent leaves out a blank number (the engine fills its default) and keeps a blank string.
 */
function checkParams(template: TemplateSummary, typed: NewRunDraft['params'], errors: Record<string, string>): Record<string, ParamValue> {
  const given = typedParams(template, typed);
  const resolved = resolveParams(template.params, given);
  if (!resolved.ok) {
    for (const [name, message] of Object.entries(resolved.errors)) errors[paramKey(name)] = message;
    return {};
  }
  const params: Record<string, ParamValue> = {};
  for (const [name, value] of Object.entries(given)) {
    const spec = template.params[name];
    if (value === '' && spec?.type !== 'string') continue;
    params[name] = resolved.values[name] ?? value;
  }
  return params;
}

const LIMIT_FIELDS: ReadonlyArray<Readonly<{ field: 'maxIterations' | 'maxTokens' | 'maxCostUsd' | 'maxDuration'; key: LimitKey }>> = [
  { field: 'maxIterations', key: 'maxIterations' },
  { field: 'maxTokens', key: 'maxTokens' },
  { field: 'maxCostUsd', key: 'maxCostUsd' },
  { field: 'maxDuration', key: 'maxDurationMs' },
];

/** The limits typed into the draft (the one limit parser); what does not parse goes into `errors` under its field. */
function checkLimits(draft: NewRunDraft, errors: Record<string, string>): Limits {
  const limits: { -readonly [K in keyof Limits]: Limits[K] } = {};
  for (const { field, key } of LIMIT_FIELDS) {
    const parsed = parseLimit(key, draft[field]);
    if (!parsed.ok) errors[field] = `Use ${parsed.expected}`;
    else if (parsed.value !== null) limits[key] = parsed.value;
  }
  return limits;
}

/** The verify commands typed one a line (blank lines left out); what cannot be sent goes into `errors.verify`. */
function checkVerify(draft: NewRunDraft, errors: Record<string, string>): string[] {
  const commands = draft.verify
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (commands.length > VERIFY_MAX_COMMANDS) errors.verify = `Use at most ${VERIFY_MAX_COMMANDS} commands`;
  else if (commands.some((command) => command.length > VERIFY_MAX_COMMAND_CHARS)) errors.verify = `A command is at most ${VERIFY_MAX_COMMAND_CHARS} characters`;
  return commands;
}

/** The entries of a list field typed with commas, spaces or lines between them. */
/** The entries of a list field: separated by commas or white space. Pure. */
export function listEntries(text: string): string[] {
  return text.split(/[\s,]+/).filter((entry) => entry !== '');
}

/** The hosts and variable names typed into the draft, each checked by the engine's own schema; the first bad one goes into `errors`. */
function checkSandboxLists(draft: NewRunDraft, errors: Record<string, string>): Readonly<{ network: string[]; env: string[] }> {
  const network: string[] = [];
  for (const entry of listEntries(draft.network)) {
    const host = NetworkHost.safeParse(entry);
    if (host.success) network.push(host.data);
    else errors.network ??= `"${entry}" is not ${host.error.issues[0]?.message ?? 'a host name'}`;
  }
  const env = listEntries(draft.env);
  const badName = env.find((name) => !EnvVarName.safeParse(name).success);
  if (badName !== undefined) errors.env = `"${badName}" is not an environment variable name (letters, digits and _, not starting with a digit)`;
  return { network: [...new Set(network)], env: [...new Set(env)] };
}

/** The MCP server names typed into the draft; a name no server could have goes into `errors`. */
function checkMcp(draft: NewRunDraft, errors: Record<string, string>): string[] {
  const names = listEntries(draft.mcp);
  const bad = names.find((name) => !McpServerName.safeParse(name).success);
  if (bad !== undefined) errors.mcp = `"${bad}" is not an MCP server name (letters, digits and dashes; see Settings → Tools)`;
  return [...new Set(names)];
}

/** The notifiers typed into the draft: undefined when blank (the template's, else all), [] for `none`; a name no notifier could have goes into `errors`. */
function checkNotify(draft: NewRunDraft, errors: Record<string, string>): string[] | undefined {
  const names = listEntries(draft.notify);
  if (names.length === 0) return undefined;
  if (names.length === 1 && names[0]?.toLowerCase() === 'none') return [];
  const bad = names.find((name) => !NotifierName.safeParse(name).success);
  if (bad !== undefined) errors.notify = `"${bad}" is not a notifier name (letters, digits, dots, dashes or underscores; see Settings → Notifiers)`;
  return [...new Set(names)];
}

/** Pure: check a draft and turn it into `runs.start` params, or say what to fix, field by field. */
export function checkDraft(draft: NewRunDraft, template: TemplateSummary): DraftCheck {
  const errors: Record<string, string> = {};
  const params = checkParams(template, draft.params, errors);
  const name = draft.name.trim();
  if (name.length > 120) errors.name = 'Use at most 120 characters';
  const limits = checkLimits(draft, errors);
  const verify = checkVerify(draft, errors);
  const { network, env } = checkSandboxLists(draft, errors);
  const mcp = checkMcp(draft, errors);
  const notify = checkNotify(draft, errors);
  let intervalMs: number | null | undefined;
  if (draft.interval.trim() !== '') {
    intervalMs = parseDuration(draft.interval);
    if (intervalMs === null) errors.interval = 'Use a duration such as 2s, 500ms, 1m or 1h30m';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const model = draft.model.trim();
  const workdir = draft.workdir.trim();
  return {
    ok: true,
    params: {
      template: draft.template,
      params,
      ...(name ? { name } : {}),
      ...(workdir ? { workdir } : {}),
      ...(model ? { model } : {}),
      ...(Object.keys(limits).length > 0 ? { limits } : {}),
      ...(typeof intervalMs === 'number' ? { loop: { intervalMs: Math.round(intervalMs) } } : {}),
      ...(draft.profile ? { permissions: { profile: draft.profile } } : {}),
      ...(verify.length > 0 ? { verify } : {}),
      ...(draft.isolation ? { isolation: draft.isolation } : {}),
      ...(draft.context ? { context: draft.context } : {}),
      ...(draft.agent ? { agent: draft.agent } : {}),
      ...(network.length > 0 ? { network } : {}),
      ...(env.length > 0 ? { env } : {}),
      ...(mcp.length > 0 ? { mcp } : {}),
      ...(notify === undefined ? {} : { notify }),
    },
  };
}

const ParamErrorDetails = z.object({ params: z.record(z.string(), z.string()) });
const FieldErrorDetails = z.object({ field: z.string() });

/** The form field an engine error's `details.field` names (`limits.maxCostUsd` is the Max cost field); null for none of them. */
const FIELD_OF_DETAIL: Readonly<Record<string, string>> = {
  template: 'template',
  name: 'name',
  workdir: 'workdir',
  model: 'model',
  isolation: 'isolation',
  context: 'context',
  agent: 'agent',
  permissions: 'profile',
  network: 'network',
  env: 'env',
  mcp: 'mcp',
  notify: 'notify',
  'limits.maxIterations': 'maxIterations',
  'limits.maxTokens': 'maxTokens',
  'limits.maxCostUsd': 'maxCostUsd',
  'limits.maxDurationMs': 'maxDuration',
};

/**
 * Pure: the field errors an engine error names: `details.field` (a run setting) or `details.params`
 * (param → message), as the engine sends them with every refusal of a field.
 */
export function fieldErrorsFromApiError(error: Readonly<{ message: string; details?: unknown }>, paramNames: ReadonlyArray<string>): DraftErrors {
  const detailed = ParamErrorDetails.safeParse(error.details);
  const errors: Record<string, string> = {};
  const field = FieldErrorDetails.safeParse(error.details);
  const named = field.success ? FIELD_OF_DETAIL[field.data.field] : undefined;
  if (named !== undefined) return { [named]: error.message };
  if (!detailed.success) return errors;
  for (const [name, message] of Object.entries(detailed.data.params)) {
    if (paramNames.includes(name)) errors[paramKey(name)] = message;
  }
  return errors;
}
