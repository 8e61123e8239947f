import { useEffect, useState } from 'react';
import { DesktopEnginesAnswer, type DesktopEnginesList } from '../../shared/desktop-engines';
import type { EnginesBridge } from '../../shared/preload-bridge';

/** The desktop app's engines bridge, when this page runs in its window (the preload sets `window.autoloop`). */
export function desktopEnginesBridge(): EnginesBridge | null {
  return window.autoloop?.engines ?? null;
}

/** Checks what main answered (it crossed a process boundary): a malformed answer is a refusal that says so. */
export async function enginesAnswer(answer: Promise<unknown>): Promise<DesktopEnginesAnswer> {
  const parsed = DesktopEnginesAnswer.safeParse(await answer.catch((error: unknown) => ({ ok: false, message: String(error) })));
  return parsed.success ? parsed.data : { ok: false, message: 'Autoloop answered the engines call with something unexpected' };
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
