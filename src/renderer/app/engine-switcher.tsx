import { useSyncExternalStore } from 'react';
import { type RemoteEngine, chooseEngine, chosenEngine, loadEngines, saveEngines } from '../api/engine-choice';

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

/**
 * The header's engine switcher (issue #25): which engine this window shows, the one that served
 * the page or one added in Settings → Engines. Hidden while there is no other engine.
 */
export function EngineSwitcher() {
  const engines = useRemoteEngines();
  if (window.autoloop) return null;
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
