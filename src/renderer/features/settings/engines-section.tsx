import { useEffect, useState } from 'react';
import { type RemoteEngine, chosenEngine, engineProblem, engineSocketUrl } from '../../api/engine-choice';
import { storeEngines, switchEngine, useRemoteEngines } from '../../app/engine-switcher';
import { cliImportPlanAnswer, desktopEnginesBridge, enginesAnswer, useDesktopEngines } from '../../api/desktop-engines';
import { type CliImportPlan, engineStatusWords } from '../../../shared/desktop-engines';
import type { EnginesBridge } from '../../../shared/preload-bridge';

type EngineState = 'checking' | 'connected' | 'unreachable';

const STATE_WORDS: Readonly<Record<EngineState, string>> = {
  checking: 'Checking…',
  connected: 'Connected',
  unreachable: 'Cannot connect: unreachable, an untrusted certificate, or a refused token',
};

/** Opens the engine's socket once to see whether it answers with this token (a page cannot read why it did not). */
function probe(engine: RemoteEngine): Promise<EngineState> {
  const url = engineSocketUrl(engine);
  if (url === null) return Promise.resolve('unreachable');
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.onopen = () => {
      resolve('connected');
      socket.close();
    };
    socket.onclose = () => resolve('unreachable');
  });
}

const EMPTY = { name: '', url: '', token: '', approverCode: '' };

/** Settings → Engines (issue #25): the desktop app's (kept by main) or this browser's (kept in the page). */
export function EnginesSection() {
  const bridge = desktopEnginesBridge();
  return bridge ? <DesktopEnginesSection bridge={bridge} /> : <BrowserEnginesSection />;
}

const DESKTOP_EMPTY = { name: '', url: '', token: '', ca: '', approverCode: '' };

/**
 * What "Import from the CLI" would bring in from the CLI's engines.json, before anything is done: each
 * engine with its address, or why it stays out. Importing sends only the names shown here.
 */
function CliImportPreview({
  plan,
  isBusy,
  onImport,
  onCancel,
}: Readonly<{ plan: CliImportPlan; isBusy: boolean; onImport(names: string[]): void; onCancel(): void }>) {
  const coming = plan.engines.filter((engine) => engine.skipped === null).map((engine) => engine.name);
  return (
    <div role="group" aria-label="Import from the CLI" data-testid="cli-import">
      <p className="muted">
        {plan.engines.length === 0
          ? `The CLI keeps no engines (${plan.path}).`
          : `From ${plan.path} (the CLI's engines; tokens are sealed with this computer's keychain on import, the CLI's file stays as it is):`}
      </p>
      <ul className="engine-list">
        {plan.engines.map((engine) => (
          <li key={engine.name} data-testid={`cli-import-${engine.name}`}>
            <strong>{engine.name}</strong> {engine.url}
            {engine.ca === null ? '' : ` (trusts ${engine.ca})`}: {engine.skipped === null ? 'will be imported' : `not imported: ${engine.skipped}`}
          </li>
        ))}
      </ul>
      <button type="button" disabled={isBusy || coming.length === 0} onClick={() => onImport(coming)}>
        {coming.length === 1 ? 'Import 1 engine' : `Import ${coming.length} engines`}
      </button>{' '}
      <button type="button" className="button-small" onClick={onCancel}>
        Cancel import
      </button>
    </div>
  );
}
const REPLACE_EMPTY = { token: '', ca: '', approverCode: '' };

/**
 * Replaces a kept engine's token (and, if given, its approver code or CA file) without removing it:
 * after a revocation, or for a renewed certificate. Empty fields keep what main has.
 */
function ReplaceTokenForm({ name, isBusy, onSave, onCancel }: Readonly<{ name: string; isBusy: boolean; onSave(input: object): void; onCancel(): void }>) {
  const [draft, setDraft] = useState(REPLACE_EMPTY);
  const field = (key: keyof typeof REPLACE_EMPTY) => ({
    value: draft[key],
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value }),
  });
  const save = (): void =>
    onSave({
      name,
      ...(draft.token.trim() === '' ? {} : { token: draft.token.trim() }),
      ...(draft.ca.trim() === '' ? {} : { ca: draft.ca.trim() }),
      ...(draft.approverCode.trim() === '' ? {} : { approverCode: draft.approverCode.trim() }),
    });
  return (
    <div className="form" role="group" aria-label={`Replace the token of ${name}`}>
      <label>
        New token for {name}
        <input type="password" autoComplete="off" {...field('token')} />
      </label>
      <label>
        New CA file for {name} (optional)
        <input placeholder="/path/to/engine-cert.pem" {...field('ca')} />
      </label>
      <label>
        New approver code for {name} (optional)
        <input type="password" autoComplete="off" {...field('approverCode')} />
      </label>
      <div>
        <button type="button" disabled={isBusy} onClick={save}>
          Save {name}
        </button>{' '}
        <button type="button" className="button-small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/**
 * The desktop app's Settings → Engines: this computer's engine and any number of remote ones, each
 * with its connection state as main's link has it. The token goes to main once, is sealed with the
 * OS keychain there, and never comes back to the page.
 */
export function DesktopEnginesSection({ bridge, reload = () => window.location.reload() }: Readonly<{ bridge: EnginesBridge; reload?: () => void }>) {
  const { list, problem: listProblem } = useDesktopEngines(bridge);
  const [draft, setDraft] = useState(DESKTOP_EMPTY);
  const [problem, setProblem] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [replacing, setReplacing] = useState<string | null>(null);
  const [cliPlan, setCliPlan] = useState<CliImportPlan | null>(null);
  const showCliPlan = async (): Promise<void> => {
    setBusy(true);
    const answer = await cliImportPlanAnswer(bridge.cliImportPlan());
    setBusy(false);
    setProblem(answer.ok ? null : answer.message);
    setCliPlan(answer.ok ? answer.value : null);
  };
  const shown = list?.shown ?? null;
  const act = async (call: Promise<unknown>, then?: () => void): Promise<void> => {
    setBusy(true);
    const answer = await enginesAnswer(call);
    setBusy(false);
    setProblem(answer.ok ? null : answer.message);
    if (answer.ok) then?.();
  };
  const add = (): void => {
    const input = {
      name: draft.name.trim(),
      url: draft.url.trim(),
      token: draft.token.trim(),
      ...(draft.ca.trim() === '' ? {} : { ca: draft.ca.trim() }),
      ...(draft.approverCode.trim() === '' ? {} : { approverCode: draft.approverCode.trim() }),
    };
    void act(bridge.add(input), () => setDraft(DESKTOP_EMPTY));
  };
  const field = (key: keyof typeof DESKTOP_EMPTY) => ({
    value: draft[key],
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value }),
  });

  return (
    <section className="panel settings-section" aria-labelledby="settings-engines-heading" id="settings-engines">
      <h2 id="settings-engines-heading">Engines</h2>
      <p className="muted">
        Engines on other machines this window can show (the switcher in the header); the tray and notifications cover every connected one. Make a token on that
        machine with `autoloop tokens create NAME`; it is sealed with this computer’s keychain.
      </p>
      {listProblem && (
        <p role="alert" className="alert">
          {listProblem}
        </p>
      )}
      <ul className="engine-list">
        <li data-testid="engine-local">
          This computer{shown === null ? ': shown in this window ' : ' '}
          {shown !== null && (
            <button type="button" className="button-small" disabled={isBusy} onClick={() => void act(bridge.select(null), reload)}>
              Show this computer
            </button>
          )}
        </li>
        {(list?.engines ?? []).map((engine) => (
          <li key={engine.name} data-testid={`engine-${engine.name}`}>
            <strong>{engine.name}</strong> {engine.url}
            {engine.ca === null ? '' : ` (trusts ${engine.ca})`} <span data-testid={`engine-state-${engine.name}`}>{engineStatusWords(engine)}</span>
            {shown === engine.name ? ': shown in this window ' : ' '}
            {shown !== engine.name && (
              <button type="button" className="button-small" disabled={isBusy} onClick={() => void act(bridge.select(engine.name), reload)}>
                Show {engine.name}
              </button>
            )}
            <button
              type="button"
              className="button-small"
              disabled={isBusy}
              onClick={() => void act(bridge.remove(engine.name), shown === engine.name ? reload : undefined)}
            >
              Remove {engine.name}
            </button>
            {(engine.status === 'refused' || engine.status === 'lost') && (
              <button type="button" className="button-small" disabled={isBusy} onClick={() => void act(bridge.retry(engine.name))}>
                Try {engine.name} again
              </button>
            )}
            {replacing !== engine.name && (
              <button type="button" className="button-small" disabled={isBusy} onClick={() => setReplacing(engine.name)}>
                Replace token of {engine.name}
              </button>
            )}
            {replacing === engine.name && (
              <ReplaceTokenForm
                name={engine.name}
                isBusy={isBusy}
                onSave={(input) => void act(bridge.update(input), () => setReplacing(null))}
                onCancel={() => setReplacing(null)}
              />
            )}
          </li>
        ))}
      </ul>
      {cliPlan === null ? (
        <button type="button" className="button-small" disabled={isBusy} onClick={() => void showCliPlan()}>
          Import from the CLI…
        </button>
      ) : (
        <CliImportPreview
          plan={cliPlan}
          isBusy={isBusy}
          onImport={(names) => void act(bridge.importFromCli(names), () => setCliPlan(null))}
          onCancel={() => setCliPlan(null)}
        />
      )}
      {/* Not a form: the page's one save bar is its only submit; an engine is kept at once, by main. */}
      <div className="form" role="group" aria-label="Add an engine">
        <label>
          Name
          <input {...field('name')} />
        </label>
        <label>
          Address
          <input placeholder="https://box.lan:4317" {...field('url')} />
        </label>
        <label>
          Token
          <input type="password" autoComplete="off" {...field('token')} />
        </label>
        <label>
          CA file (for a self-signed certificate)
          <input placeholder="/path/to/engine-cert.pem" {...field('ca')} />
        </label>
        <label>
          Approver code (to answer approvals there)
          <input type="password" autoComplete="off" {...field('approverCode')} />
        </label>
        {problem && (
          <p role="alert" className="alert">
            {problem}
          </p>
        )}
        <button type="button" disabled={isBusy} onClick={add}>
          Add engine
        </button>
      </div>
    </section>
  );
}

/**
 * The browser's Settings → Engines (issue #25): engines on other machines this window can show (header switcher),
 * each with its connection state. Kept in this browser for this page's address; the engine that
 * served the page never sees their tokens.
 */
export function BrowserEnginesSection() {
  const engines = useRemoteEngines();
  const [states, setStates] = useState<Readonly<Record<string, EngineState>>>({});
  const [draft, setDraft] = useState(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);
  const shown = chosenEngine(window.sessionStorage, window.localStorage)?.name ?? null;

  useEffect(() => {
    let isCurrent = true;
    for (const engine of engines) {
      setStates((before) => ({ ...before, [engine.name]: 'checking' }));
      void probe(engine).then((state) => isCurrent && setStates((before) => ({ ...before, [engine.name]: state })));
    }
    return () => {
      isCurrent = false;
    };
    // The list's text, not its (new each render) array: probed again only when the engines change.
  }, [JSON.stringify(engines)]);

  const update = (next: RemoteEngine[]): void => storeEngines(next);
  const add = (): void => {
    const engine: RemoteEngine = {
      name: draft.name.trim(),
      url: draft.url.trim(),
      token: draft.token.trim(),
      ...(draft.approverCode.trim() === '' ? {} : { approverCode: draft.approverCode.trim() }),
    };
    const wrong = engineProblem(engine, engines);
    setProblem(wrong);
    if (wrong !== null) return;
    update([...engines, engine]);
    setDraft(EMPTY);
  };

  return (
    <section className="panel settings-section" aria-labelledby="settings-engines-heading" id="settings-engines">
      <h2 id="settings-engines-heading">Engines</h2>
      <p className="muted">
        Engines on other machines this window can show (the switcher in the header). Kept in this browser; make a token on that machine with `autoloop tokens
        create NAME`.
      </p>
      <ul className="engine-list">
        <li data-testid="engine-local">
          This engine ({window.location.host}){shown === null ? ': shown in this window' : ''}
        </li>
        {engines.map((engine) => (
          <li key={engine.name} data-testid={`engine-${engine.name}`}>
            <strong>{engine.name}</strong> {engine.url}{' '}
            <span data-testid={`engine-state-${engine.name}`}>{STATE_WORDS[states[engine.name] ?? 'checking']}</span>
            {shown === engine.name ? ': shown in this window ' : ' '}
            {shown !== engine.name && (
              <button type="button" className="button-small" onClick={() => switchEngine(engine.name)}>
                Show {engine.name}
              </button>
            )}
            <button type="button" className="button-small" onClick={() => update(engines.filter((other) => other.name !== engine.name))}>
              Remove {engine.name}
            </button>
          </li>
        ))}
      </ul>
      {/* Not a form: the page's one save bar is its only submit; an engine is kept at once, in this browser. */}
      <div className="form" role="group" aria-label="Add an engine">
        <label>
          Name
          <input value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
        </label>
        <label>
          Address
          <input value={draft.url} placeholder="https://box.lan:4317" onChange={(event) => setDraft({ ...draft, url: event.target.value })} />
        </label>
        <label>
          Token
          <input type="password" autoComplete="off" value={draft.token} onChange={(event) => setDraft({ ...draft, token: event.target.value })} />
        </label>
        <label>
          Approver code (to answer approvals there)
          <input type="password" autoComplete="off" value={draft.approverCode} onChange={(event) => setDraft({ ...draft, approverCode: event.target.value })} />
        </label>
        {problem && (
          <p role="alert" className="alert">
            {problem}
          </p>
        )}
        <button type="button" onClick={add}>
          Add engine
        </button>
      </div>
    </section>
  );
}
