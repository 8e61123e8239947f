import { dispatch } from '../../core/api/dispatch';
import type { EventBus } from '../../core/events/event-bus';
import type { Logger } from '../../core/logger';
import type { ApiHandlers, ApiMethod, ApiPushEvent, ApiResponse } from '../../shared/api';
import type { Unsubscribe } from '../../shared/channel';
import type { CliImportPlanAnswer, DesktopEnginesAnswer, DesktopEnginesList } from '../../shared/desktop-engines';
import { cliImportPlan, importCliEngines } from './cli-engines-import';
import { messageOf } from '../../shared/errors';
import type { DesktopEnginesFile } from './desktop-engines-file';
import { type RemoteEngineLink, createRemoteEngineLink } from './remote-engine-link';

export type EngineRouterOptions = Readonly<{
  /** The desktop app's own engine. */
  local: Readonly<{ api: ApiHandlers; bus: Pick<EventBus, 'subscribe'> }>;
  file: DesktopEnginesFile;
  /** The data folder, whose `engines.json` (the CLI's named engines) "Import from the CLI" reads. */
  dataDir: string;
  log: Logger;
  /** Makes the link to a kept engine; tests pass one with their own timers. */
  makeLink?(name: string): RemoteEngineLink;
}>;

/**
 * Which engine the window shows, and the links to every kept remote engine. The window's calls go
 * to the shown engine (this app's own through `dispatch`, a remote one over main's link with its
 * sealed token), so the page never holds a remote token; the shown engine's events are the only
 * ones the window gets. The tray and notifications watch every link (`links()`).
 */
export type EngineRouter = Readonly<{
  /** A call from the window: to the engine it shows. */
  call(method: ApiMethod, params: unknown): Promise<ApiResponse<unknown>>;
  /** A call to a named engine (null: this app's own), for the tray, notifications and dialogs. */
  callOn(engine: string | null, method: ApiMethod, params: unknown): Promise<ApiResponse<unknown>>;
  /** The shown engine's pushed events. */
  onShownEvent(listener: (event: ApiPushEvent) => void): Unsubscribe;
  shown(): string | null;
  /** The list, or why it cannot be read (a damaged file). */
  list(): DesktopEnginesAnswer;
  add(input: unknown): DesktopEnginesAnswer;
  remove(name: unknown): DesktopEnginesAnswer;
  /** Replaces a kept engine's token (approver code, CA file) and connects it again with them. */
  update(input: unknown): DesktopEnginesAnswer;
  /** What "Import from the CLI" would import from `<data dir>/engines.json`, without tokens. */
  cliImportPlan(): CliImportPlanAnswer;
  /** Imports the CLI's engines named (those the person was shown), tokens sealed; names already kept stay as they are. */
  importFromCli(names: unknown): DesktopEnginesAnswer;
  /** Tries a refused or lost engine once more now (Settings → Engines → Try again). */
  retry(name: unknown): DesktopEnginesAnswer;
  /** Shows another engine in the window (null: this app's own); the window reloads after. */
  select(name: unknown): DesktopEnginesAnswer;
  links(): ReadonlyArray<RemoteEngineLink>;
  /** What the window should be told once it loads: e.g. that the engine it showed last is gone and this app's own is shown instead. */
  startNotices(): ReadonlyArray<string>;
  /** Told when a link comes or goes, or a link's state changes. */
  onChange(listener: () => void): Unsubscribe;
  close(): void;
}>;

export function createEngineRouter(options: EngineRouterOptions): EngineRouter {
  const { file, log } = options;
  const makeLink = options.makeLink ?? ((name: string) => createRemoteEngineLink({ name, connection: () => file.connectionOf(name), log }));
  const links = new Map<string, { link: RemoteEngineLink; unsubscribe: Unsubscribe }>();
  const changeListeners = new Set<() => void>();
  const shownListeners = new Set<(event: ApiPushEvent) => void>();
  let shown: string | null = null;
  const changed = (): void => {
    for (const listener of [...changeListeners]) listener();
  };
  const startLink = (name: string): void => {
    const link = makeLink(name);
    const unsubscribeState = link.onState(changed);
    const unsubscribeEvents = link.onEvent((event) => {
      if (shown === name) for (const listener of [...shownListeners]) listener(event);
    });
    links.set(name, { link, unsubscribe: () => (unsubscribeState(), unsubscribeEvents()) });
  };
  const stopLink = (name: string): void => {
    const entry = links.get(name);
    if (!entry) return;
    entry.unsubscribe();
    entry.link.close();
    links.delete(name);
  };

  let kept: ReturnType<DesktopEnginesFile['list']> = [];
  try {
    kept = file.list();
  } catch (error) {
    log.error('the remote engines could not be read', error);
  }
  for (const engine of kept) startLink(engine.name);
  /** Keeps the shown engine for the next start; a failure to write it does not stop the switch. */
  const keepShown = (name: string | null): void => {
    try {
      file.keepShown(name);
    } catch (error) {
      log.warn(`could not remember the engine the window shows: ${messageOf(error)}`);
    }
  };
  // The engine the window showed last is shown again; one removed since falls back to this app's own, with a notice.
  const startNotices: string[] = [];
  let remembered: string | null = null;
  try {
    remembered = file.lastShown();
  } catch {
    // Told above: the file cannot be read.
  }
  if (remembered !== null && links.has(remembered)) shown = remembered;
  else if (remembered !== null) {
    startNotices.push(`The engine ${remembered} this window showed last is no longer in Settings → Engines: showing this computer's engine.`);
    keepShown(null);
  }
  const unsubscribeLocal = options.local.bus.subscribe((event) => {
    if (shown === null) for (const listener of [...shownListeners]) listener(event);
  });

  const list = (): DesktopEnginesList => ({
    shown,
    engines: file.list().map((engine) => {
      const state = links.get(engine.name)?.link.state();
      return {
        ...engine,
        status: state?.status ?? 'connecting',
        reason: state?.reason ?? null,
        retryInMs: state?.retryInMs ?? null,
      };
    }),
  });
  const answer = (change: () => void): DesktopEnginesAnswer => {
    try {
      change();
      return { ok: true, value: list() };
    } catch (error) {
      return { ok: false, message: messageOf(error) };
    }
  };
  const callOn = (engine: string | null, method: ApiMethod, params: unknown): Promise<ApiResponse<unknown>> => {
    if (engine === null) return dispatch(options.local.api, method, params, log);
    const link = links.get(engine)?.link;
    if (!link)
      return Promise.resolve({ ok: false, error: { code: 'not_found', message: `There is no engine called ${engine}: add it in Settings → Engines` } });
    return link.call(method, params);
  };

  return {
    call: (method, params) => callOn(shown, method, params),
    callOn,
    onShownEvent(listener) {
      shownListeners.add(listener);
      return () => void shownListeners.delete(listener);
    },
    shown: () => shown,
    list: () => answer(() => undefined),
    add: (input) =>
      answer(() => {
        const engine = file.add(input);
        startLink(engine.name);
        changed();
      }),
    update: (input) =>
      answer(() => {
        const engine = file.update(input);
        // A new link reads the new token; the old one (refused, lost or connected with the old token) is closed.
        stopLink(engine.name);
        startLink(engine.name);
        changed();
      }),
    cliImportPlan() {
      try {
        return { ok: true, value: cliImportPlan(options.dataDir, file) };
      } catch (error) {
        return { ok: false, message: messageOf(error) };
      }
    },
    importFromCli: (names) =>
      answer(() => {
        if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) throw new Error('give the names of the CLI engines to import');
        const { imported, problems } = importCliEngines(options.dataDir, file, names);
        for (const name of imported) startLink(name);
        if (imported.length > 0) changed();
        if (problems.length > 0)
          throw new Error(`${imported.length === 0 ? 'Nothing imported' : `Imported ${imported.join(', ')}`}; not imported: ${problems.join('; ')}`);
      }),
    retry: (name) =>
      answer(() => {
        const link = typeof name === 'string' ? links.get(name)?.link : undefined;
        if (!link) throw new Error(`there is no engine called ${JSON.stringify(name)}: add it in Settings → Engines`);
        if (!link.retry()) throw new Error(`${link.name} is ${link.state().status === 'connected' ? 'connected' : 'already connecting'}: nothing to try again`);
      }),
    remove: (name) =>
      answer(() => {
        if (typeof name !== 'string' || !file.remove(name)) throw new Error(`there is no engine called ${JSON.stringify(name)}`);
        stopLink(name);
        if (shown === name) {
          shown = null;
          keepShown(null);
        }
        changed();
      }),
    select: (name) =>
      answer(() => {
        if (name !== null && (typeof name !== 'string' || !links.has(name)))
          throw new Error(`there is no engine called ${JSON.stringify(name)}: add it in Settings → Engines`);
        shown = name;
        keepShown(name);
        changed();
      }),
    links: () => [...links.values()].map((entry) => entry.link),
    startNotices: () => startNotices,
    onChange(listener) {
      changeListeners.add(listener);
      return () => void changeListeners.delete(listener);
    },
    close() {
      unsubscribeLocal();
      for (const name of [...links.keys()]) stopLink(name);
      changeListeners.clear();
      shownListeners.clear();
    },
  };
}
