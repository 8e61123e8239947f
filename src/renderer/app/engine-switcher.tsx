import { useState, useSyncExternalStore } from 'react';
import { type RemoteEngine, chooseEngine, chosenEngine, loadEngines, saveEngines } from '../api/engine-choice';
import { desktopEnginesBridge, enginesAnswer, useDesktopEngines } from '../api/desktop-engines';
import { engineStatusWords } from '../../shared/desktop-engines';
import type { EnginesBridge } from '../../shared/preload-bridge';

/** Said when the kept engines change, so the header and Settings show the same list. */
const ENGINES_CHANGED = 'autoloop-engines-changed';

/** Keeps the engines in this browser and tells every view. */
export function storeEngines(engines: ReadonlyArray<RemoteEngine>): void {
  saveEngines(window.localStorage, engines);
  window.dispatchEvent(new Event(ENGINES_CHANGED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(ENGINES_CHANGED, onChange);
  window.addEventListener('storage', onChange); // another tab of this page
  return () => {
    window.removeEventListener(ENGINES_CHANGED, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The kept engines' text: a stable snapshot while nothing changes. */
const snapshot = (): string => window.localStorage.getItem('autoloop.engines') ?? '[]';

/** The engines kept in this browser, re-read when they change. */
export function useRemoteEngines(): RemoteEngine[] {
  useSyncExternalStore(subscribe, snapshot);
  return loadEngines(window.localStorage);
}

/** Switches the tab to another engine: the page reloads, so every view starts from the chosen engine. */
export function switchEngine(name: string | null): void {
  chooseEngine(window.sessionStorage, name);
  window.location.reload();
}

/** Reloads the page, so every view starts from the engine just chosen. */
const reloadPage = (): void => window.location.reload();

/**
 * The desktop app's switcher: main keeps the engines and their tokens, and routes the window's calls
 * to the one chosen here; each shows its connection state. Hidden while there is no remote engine.
 */
export function DesktopEngineSwitcher({ bridge, reload = reloadPage }: Readonly<{ bridge: EnginesBridge; reload?: () => void }>) {
  const { list } = useDesktopEngines(bridge);
  const [problem, setProblem] = useState<string | null>(null);
  if (!list || list.engines.length === 0) return null;
  const shownEngine = list.engines.find((engine) => engine.name === list.shown);
  const choose = (name: string | null): void =>
    void enginesAnswer(bridge.select(name)).then((answer) => {
      if (answer.ok) return reload();
      setProblem(answer.message);
    });
  return (
    <>
      <select
        className="engine-switcher"
        aria-label="Engine shown in this window"
        data-testid="engine-switcher"
        value={list.shown ?? ''}
        onChange={(event) => choose(event.target.value === '' ? null : event.target.value)}
      >
        <option value="">This computer</option>
        {list.engines.map((engine) => (
          <option key={engine.name} value={engine.name}>
            {engine.name}
            {engine.status === 'connected'
              ? ''
              : ` (${engine.status === 'connecting' ? 'connecting' : engine.status === 'lost' ? 'connection lost' : 'refused'})`}
          </option>
        ))}
      </select>
      {shownEngine && shownEngine.status !== 'connected' && (
        <span className="header-count header-attention" role="status" data-testid="engine-switcher-state">
          {shownEngine.name}: {engineStatusWords(shownEngine)}
        </span>
      )}
      {problem && (
        <span role="alert" className="header-count header-attention">
          {problem}
        </span>
      )}
    </>
  );
}

/**
 * The header's engine switcher (issue #25): which engine this window shows, the one that served
 * the page or one added in Settings → Engines. Hidden while there is no other engine.
 */
export function EngineSwitcher() {
  const bridge = desktopEnginesBridge();
  return bridge ? <DesktopEngineSwitcher bridge={bridge} /> : <BrowserEngineSwitcher />;
}

/** The browser's switcher: engines kept in this browser, reached with their named tokens from the page itself. */
export function BrowserEngineSwitcher() {
  const engines = useRemoteEngines();
  if (engines.length === 0) return null;
  const current = chosenEngine(window.sessionStorage, window.localStorage)?.name ?? '';
  return (
    <select
      className="engine-switcher"
      aria-label="Engine shown in this window"
      data-testid="engine-switcher"
      value={current}
      onChange={(event) => switchEngine(event.target.value === '' ? null : event.target.value)}
    >
      <option value="">This engine ({window.location.host})</option>
      {engines.map((engine) => (
        <option key={engine.name} value={engine.name}>
          {engine.name}
        </option>
      ))}
    </select>
  );
}
