import { z } from 'zod';
import { limitText } from '../../../../shared/limit-text';
import { SCRIPTED_PROVIDER } from '../../../../shared/providers';
import type { ProviderInfo } from '../../../../shared/providers-api';
import type { Run } from '../../../../shared/records';
import type { TemplateSummary } from '../../../../shared/templates';
import { hasUsableProvider } from '../../settings/settings-store';
import { draftForTemplate, type NewRunDraft } from './new-run-draft';

/** What the form remembers of the last run a person started from it (in this window's storage, not the engine's). */
export const LastUsed = z.object({ template: z.string().optional(), model: z.string().optional(), workdir: z.string().optional() });
export type LastUsed = z.infer<typeof LastUsed>;

/** The localStorage key: a window habit, like the theme, not an engine setting. */
export const LAST_USED_STORAGE_KEY = 'autoloop.newRun.lastUsed';

/** The last-used template, model and folder; nothing when storage is off or holds something else. */
export function readLastUsed(): LastUsed {
  try {
    const parsed = LastUsed.safeParse(JSON.parse(window.localStorage.getItem(LAST_USED_STORAGE_KEY) ?? '{}'));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Remembers what a run was just started with, for the next time the form opens. */
export function rememberLastUsed(lastUsed: LastUsed): void {
  try {
    window.localStorage.setItem(LAST_USED_STORAGE_KEY, JSON.stringify(lastUsed));
  } catch {
    // Storage can be switched off; the form then opens on its plain defaults.
  }
}

/** Pure: the template the form opens on: the one asked for (a card's Run button), else the last used, else the first. */
export function initialTemplateName(names: ReadonlyArray<string>, requested: string | null, lastUsed: LastUsed): string | null {
  if (requested !== null && names.includes(requested)) return requested;
  if (lastUsed.template !== undefined && names.includes(lastUsed.template)) return lastUsed.template;
  return names[0] ?? null;
}

const isScripted = (model: string): boolean => model.startsWith(`${SCRIPTED_PROVIDER}/`);

/**
 * Pure: the model the form starts with. While no provider has a key, the scripted demo (it needs none). Otherwise the
 * last-used model (a scripted one stands for "this template's demo"), else the template's, else your default, else the demo.
 */
export function initialModel(
  template: TemplateSummary,
  providers: ReadonlyArray<ProviderInfo> | null,
  defaultModel: string | null,
  lastUsed: LastUsed,
): string {
  const declared = template.model ?? defaultModel;
  if (!hasUsableProvider(providers)) return template.demoModel ?? declared ?? '';
  const last = lastUsed.model?.trim() ?? '';
  if (last !== '' && !isScripted(last)) return last;
  if (last !== '' && isScripted(last)) return template.demoModel ?? declared ?? last;
  return declared ?? template.demoModel ?? '';
}

/** Pure: the form's first draft for a template: its params' defaults, the model above and the last-used folder. */
export function initialDraft(
  template: TemplateSummary,
  providers: ReadonlyArray<ProviderInfo> | null,
  defaultModel: string | null,
  lastUsed: LastUsed,
): NewRunDraft {
  return { ...draftForTemplate(template), model: initialModel(template, providers, defaultModel, lastUsed), workdir: lastUsed.workdir ?? '' };
}

/**
 * Pure: the folder a run was started on, as the person chose it: the repository folder (and the same subfolder) of a run
 * in its own worktree; empty for a fresh folder the engine made for it (`<data dir>/workspaces/<run id>`), so a new run gets its own.
 */
export function chosenFolderOf(run: Run): string {
  const { worktree } = run;
  if (worktree !== null) {
    const inside = run.workdir.startsWith(worktree.path) ? run.workdir.slice(worktree.path.length) : '';
    return `${worktree.repoPath}${inside}`;
  }
  const isFresh = /[\\/]workspaces[\\/][^\\/]+$/.test(run.workdir) && run.workdir.endsWith(run.id);
  return isFresh ? '' : run.workdir;
}

function paramText(value: string | number | boolean | undefined): string | boolean | undefined {
  return value === undefined || typeof value === 'boolean' ? value : String(value);
}

/** The notify field for a run's `notify`: blank when it went to every notifier, `none` for none, else the names. */
function notifyText(notify: ReadonlyArray<string> | undefined): string {
  if (notify === undefined) return '';
  return notify.length === 0 ? 'none' : notify.join(', ');
}

/** Pure: "Run again with these settings": the run's template params, model, folder, limits, profile, isolation, context, hosts, verify commands, MCP servers and notifiers. */
export function draftFromRun(run: Run, template: TemplateSummary): NewRunDraft {
  const fresh = draftForTemplate(template);
  const params: Record<string, string | boolean> = { ...fresh.params };
  for (const name of Object.keys(template.params)) {
    const value = paramText(run.params?.[name]);
    if (value !== undefined) params[name] = value;
  }
  const templateHosts = new Set(template.runSettings?.network ?? []);
  return {
    ...fresh,
    name: run.name,
    params,
    model: run.model,
    workdir: chosenFolderOf(run),
    maxIterations: limitText('maxIterations', run.limits.maxIterations),
    maxTokens: limitText('maxTokens', run.limits.maxTokens),
    maxCostUsd: limitText('maxCostUsd', run.limits.maxCostUsd),
    maxDuration: limitText('maxDurationMs', run.limits.maxDurationMs),
    profile: run.permissions.profile,
    isolation: run.isolation,
    context: run.context,
    agent: run.agent,
    network: run.network.filter((host) => !templateHosts.has(host)).join(', '),
    verify: (run.verify ?? []).map((command) => command.run).join('\n'),
    mcp: (run.mcp ?? []).join(', '),
    notify: notifyText(run.notify),
  };
}
