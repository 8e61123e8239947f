import type { CliImportItem, DesktopEngineInput, DesktopEngineUpdate, DesktopEngineView, DesktopEnginesAnswer } from '../../shared/desktop-engines';
import type { EnginesBridge } from '../../shared/preload-bridge';

/** `window.autoloop.engines` for component tests: main's answers from an in-memory list, every call recorded. */
export type FakeEnginesBridge = EnginesBridge &
  Readonly<{
    calls: ReadonlyArray<string>;
    /** What main would say about a link: changes a state and tells the page, as main's push does. */
    setState(name: string, state: Pick<DesktopEngineView, 'status' | 'reason' | 'retryInMs'>): void;
    /** Everything given to `add` and `update`, as main received it (tokens included: main keeps them, the page does not get them back). */
    received: ReadonlyArray<unknown>;
  }>;

/** A remote engine called box, connected, with an approver code: the one the engine tests start from. */
export const CONNECTED_BOX: DesktopEngineView = {
  name: 'box',
  url: 'https://box.lan:4317',
  ca: null,
  hasApproverCode: true,
  status: 'connected',
  reason: null,
  retryInMs: null,
};

/** The CLI's engines the fake import offers: each imported (with its token, which main would seal) unless `skipped`. */
export type FakeCliEngine = CliImportItem & Readonly<{ token: string }>;

export function createFakeEnginesBridge(engines: DesktopEngineView[] = [], shown: string | null = null, cliEngines: FakeCliEngine[] = []): FakeEnginesBridge {
  const calls: string[] = [];
  const received: unknown[] = [];
  const listeners = new Set<() => void>();
  let current = { shown, engines: [...engines] };
  const ok = (): DesktopEnginesAnswer => ({ ok: true, value: structuredClone(current) });
  const tell = (): void => listeners.forEach((listener) => listener());
  return {
    calls,
    received,
    list: async () => ok(),
    async add(input) {
      calls.push('add');
      received.push(input);
      const { name, url, ca, approverCode } = input as DesktopEngineInput;
      if (current.engines.some((engine) => engine.name === name)) return { ok: false, message: `there is already an engine called ${name}` };
      current = {
        ...current,
        engines: [
          ...current.engines,
          { name, url, ca: ca ?? null, hasApproverCode: approverCode !== undefined, status: 'connecting', reason: null, retryInMs: null },
        ],
      };
      tell();
      return ok();
    },
    async update(input) {
      calls.push('update');
      received.push(input);
      const { name, ca } = input as DesktopEngineUpdate;
      if (!current.engines.some((engine) => engine.name === name)) return { ok: false, message: `there is no engine called ${name}` };
      current = {
        ...current,
        engines: current.engines.map((engine) =>
          engine.name === name ? { ...engine, ...(ca ? { ca } : {}), status: 'connecting', reason: null, retryInMs: null } : engine,
        ),
      };
      tell();
      return ok();
    },
    async retry(name) {
      calls.push(`retry ${name}`);
      current = {
        ...current,
        engines: current.engines.map((engine) => (engine.name === name ? { ...engine, status: 'connecting', reason: null, retryInMs: null } : engine)),
      };
      tell();
      return ok();
    },
    async cliImportPlan() {
      calls.push('cli plan');
      return { ok: true, value: { path: '/data/engines.json', engines: cliEngines.map(({ token: _token, ...item }) => item) } };
    },
    async importFromCli(names) {
      calls.push(`cli import ${names.join(' ')}`);
      const coming = cliEngines.filter((engine) => names.includes(engine.name) && engine.skipped === null);
      current = {
        ...current,
        engines: [
          ...current.engines,
          ...coming.map((engine) => ({
            name: engine.name,
            url: engine.url,
            ca: engine.ca,
            hasApproverCode: engine.hasApproverCode,
            status: 'connecting' as const,
            reason: null,
            retryInMs: null,
          })),
        ],
      };
      tell();
      return ok();
    },
    async remove(name) {
      calls.push(`remove ${name}`);
      current = { shown: current.shown === name ? null : current.shown, engines: current.engines.filter((engine) => engine.name !== name) };
      tell();
      return ok();
    },
    async select(name) {
      calls.push(`select ${String(name)}`);
      current = { ...current, shown: name };
      tell();
      return ok();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    setState(name, state) {
      current = { ...current, engines: current.engines.map((engine) => (engine.name === name ? { ...engine, ...state } : engine)) };
      tell();
    },
  };
}
