import { useEffect, useState } from 'react';
import { messageOf } from '../../shared/errors';
import { CliImportPlanAnswer, DesktopEnginesAnswer, type DesktopEnginesList } from '../../shared/desktop-engines';
import type { EnginesBridge } from '../../shared/preload-bridge';
import type { ConnectionState } from './connection-store';

/** The desktop app's engines bridge, when this page runs in its window (the preload sets `window.autoloop`). */
export function desktopEnginesBridge(): EnginesBridge | null {
  return window.autoloop?.engines ?? null;
}

/** Checks what main answered (it crossed a process boundary): a malformed answer is a refusal that says so. */
export async function enginesAnswer(answer: Promise<unknown>): Promise<DesktopEnginesAnswer> {
  const parsed = DesktopEnginesAnswer.safeParse(
    await answer.catch((error: unknown) => ({ ok: false, message: `Autoloop could not answer the engines call: ${messageOf(error)}` })),
  );
  return parsed.success ? parsed.data : { ok: false, message: 'Autoloop answered the engines call with something unexpected' };
}

/** Checks what main answered for "Import from the CLI" (it crossed a process boundary). */
export async function cliImportPlanAnswer(answer: Promise<unknown>): Promise<CliImportPlanAnswer> {
  const parsed = CliImportPlanAnswer.safeParse(
    await answer.catch((error: unknown) => ({ ok: false, message: `Autoloop could not read the CLI's engines: ${messageOf(error)}` })),
  );
  return parsed.success ? parsed.data : { ok: false, message: 'Autoloop answered the import call with something unexpected' };
}

/** The engines main keeps and their connection states, re-read whenever main says they changed. */
export function useDesktopEngines(bridge: EnginesBridge): Readonly<{ list: DesktopEnginesList | null; problem: string | null }> {
  const [state, setState] = useState<Readonly<{ list: DesktopEnginesList | null; problem: string | null }>>({ list: null, problem: null });
  useEffect(() => {
    let isCurrent = true;
    const load = (): void =>
      void enginesAnswer(bridge.list()).then((answer) => {
        if (!isCurrent) return;
        setState(answer.ok ? { list: answer.value, problem: null } : { list: null, problem: answer.message });
      });
    const unsubscribe = bridge.onChange(load);
    load();
    return () => {
      isCurrent = false;
      unsubscribe();
    };
  }, [bridge]);
  return state;
}

/**
 * The window's connection state in the desktop app, from the engine it shows: its own engine is
 * always open; a remote one is as main's link says. A lost link is `reconnecting` (main retries; the
 * banner says what is shown is as last seen); coming back counts a reconnect, so views load again
 * what they missed. A refused link is told by the header's switcher, which says why.
 */
export function desktopConnectionState(list: DesktopEnginesList, previous: ConnectionState): ConnectionState {
  const shown = list.engines.find((engine) => engine.name === list.shown);
  const status: ConnectionState['status'] =
    !shown || shown.status === 'connected' || shown.status === 'refused' ? 'open' : shown.status === 'lost' ? 'reconnecting' : 'connecting';
  const cameBack = status === 'open' && previous.status === 'reconnecting';
  return { status, retryInMs: status === 'reconnecting' ? (shown?.retryInMs ?? null) : null, reconnects: previous.reconnects + (cameBack ? 1 : 0) };
}

/** Keeps the connection store in step with the shown engine's link (the desktop window's transport). */
export function followDesktopConnection(bridge: EnginesBridge, current: () => ConnectionState, receive: (state: ConnectionState) => void): () => void {
  const update = (): void =>
    void enginesAnswer(bridge.list()).then((answer) => {
      if (answer.ok) receive(desktopConnectionState(answer.value, current()));
    });
  const unsubscribe = bridge.onChange(update);
  update();
  return unsubscribe;
}
