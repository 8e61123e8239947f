/**
 * Engines on other machines the window can show instead of the one that served it (issue #25).
 * The list is kept in this browser's storage for this page's origin (the tokens never go to the
 * engine that served the page); which engine the window shows is kept per tab, and switching
 * reloads the page so every view starts from the chosen engine.
 */
export type RemoteEngine = Readonly<{ name: string; url: string; token: string; approverCode?: string }>;

/** The storage the choice lives in: `localStorage` and `sessionStorage` in the page, a map in tests. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const ENGINES_KEY = 'autoloop.engines';
const CHOSEN_KEY = 'autoloop.engine';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,63}$/;

/** The engines kept, skipping any entry that is not well-formed. */
export function loadEngines(storage: KeyValueStorage): RemoteEngine[] {
  try {
    const raw = JSON.parse(storage.getItem(ENGINES_KEY) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (entry): entry is RemoteEngine =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof (entry as RemoteEngine).name === 'string' &&
        typeof (entry as RemoteEngine).url === 'string' &&
        typeof (entry as RemoteEngine).token === 'string',
    );
  } catch {
    return [];
  }
}

export function saveEngines(storage: KeyValueStorage, engines: ReadonlyArray<RemoteEngine>): void {
  storage.setItem(ENGINES_KEY, JSON.stringify(engines));
}

/** The socket address of an engine's URL (`https://box:4317` → `wss://box:4317/api`), or null when it is not an http(s) address. */
export function engineSocketBase(url: string): string | null {
  try {
    const parsed = new URL(url);
    if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.username !== '' || parsed.password !== '') return null;
    return `${parsed.protocol === 'https:' ? 'wss' : 'ws'}://${parsed.host}/api`;
  } catch {
    return null;
  }
}

/** The socket URL with the engine's token and approver code in it: a page cannot set headers on a WebSocket. */
export function engineSocketUrl(engine: RemoteEngine): string | null {
  const base = engineSocketBase(engine.url);
  if (base === null) return null;
  const query = new URLSearchParams({ token: engine.token });
  if (engine.approverCode) query.set('approver', engine.approverCode);
  return `${base}?${query.toString()}`;
}

/** What is wrong with an engine the person typed, or null. */
export function engineProblem(engine: RemoteEngine, existing: ReadonlyArray<RemoteEngine>): string | null {
  if (!NAME_PATTERN.test(engine.name)) return 'Name it with letters, digits, spaces, dots or dashes.';
  if (existing.some((other) => other.name === engine.name)) return `There is already an engine called ${engine.name}.`;
  if (engineSocketBase(engine.url) === null) return 'The address is https://host:port (or http:// through an SSH tunnel).';
  if (engine.token.trim() === '') return 'Paste a token made with `autoloop tokens create` on that machine.';
  return null;
}

/** The remote engine this tab shows, or null for the engine that served the page. */
export function chosenEngine(session: KeyValueStorage, local: KeyValueStorage): RemoteEngine | null {
  const name = session.getItem(CHOSEN_KEY);
  return name === null ? null : (loadEngines(local).find((engine) => engine.name === name) ?? null);
}

/** Makes this tab show `name` (null: the engine that served the page). The caller reloads the page. */
export function chooseEngine(session: KeyValueStorage, name: string | null): void {
  if (name === null) session.removeItem(CHOSEN_KEY);
  else session.setItem(CHOSEN_KEY, name);
}
