import type { ApiMethod } from './api';

/**
 * Whether each API method changes nothing (no run, setting, template, approval or file is
 * created, changed or removed) and spends nothing of the person's (no provider call with their
 * key, no process started on the engine's machine). Every method is classified, so a new one
 * cannot be forgotten.
 * Used where only reading is allowed: an engine on a data folder another engine holds, and
 * read-only credentials.
 */
export const METHOD_CHANGES_NOTHING: Readonly<Record<ApiMethod, boolean>> = {
  'runs.start': false,
  'tokens.list': true,
  'tokens.create': false,
  'tokens.revoke': false,
  'runs.list': true,
  'runs.get': true,
  'runs.stop': false,
  'runs.pause': false,
  'runs.delete': false,
  'runs.resume': false,
  'runs.iterations': true,
  'runs.export': true,
  'runs.import': false,
  'runs.events': true,
  'runs.diff': true,
  'runs.mergeCheck': true,
  'runs.merge': false,
  'runs.discard': false,
  'runs.overlaps': true,
  'system.worktrees': true,
  'runs.guide': false,
  'approvals.list': true,
  'approvals.decide': false,
  'settings.get': true,
  'settings.set': false,
  'usage.today': true,
  'system.info': true,
  'system.compact': false,
  'system.checkIntegrity': true,
  'providers.list': true,
  'agents.list': true,
  'agents.setPath': false,
  // Calls the provider from the engine with the person's key (their quota, their rate limit, maybe their money).
  'providers.test': false,
  'providers.set': false,
  'providers.remove': false,
  'mcp.list': true,
  'mcp.add': false,
  'mcp.update': false,
  // Starts the server's command (a process on the engine's machine) and stores the tools it lists.
  'mcp.test': false,
  'mcp.remove': false,
  'templates.list': true,
  'templates.get': true,
  'templates.save': false,
  'templates.delete': false,
  'templates.duplicate': false,
  'templates.lint': true,
  'templates.revisions': true,
  'templates.diff': true,
  'templates.import': false,
  'templates.export': true,
  'templates.dryRun': false,
  'schedules.list': true,
  'schedules.get': true,
  'schedules.create': false,
  'schedules.update': false,
  'schedules.remove': false,
  'schedules.pause': false,
  'schedules.resume': false,
  'schedules.pauseAll': false,
  'schedules.resumeAll': false,
  'schedules.runNow': false,
  'schedules.slots': true,
  'runs.startNow': false,
  'runs.dequeue': false,
};

/** Whether calling `method` changes nothing. */
export function changesNothing(method: ApiMethod): boolean {
  return METHOD_CHANGES_NOTHING[method];
}
