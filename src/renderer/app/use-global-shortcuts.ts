import { useEffect, useRef } from 'react';
import { decideShortcut, type GlobalShortcut } from './global-shortcuts';
import { navigate } from './use-route';
import { assertNever } from '../../shared/assert';

/** The attribute that marks a page's search box for the `/` shortcut. */
export const SEARCH_SHORTCUT_ATTRIBUTE = 'data-shortcut-search';

function focusSearch(): void {
  const box = document.querySelector<HTMLInputElement>(`[${SEARCH_SHORTCUT_ATTRIBUTE}]`);
  box?.focus();
  box?.select();
}

/**
 * Binds the window's shortcuts (`g r`, `g t`, `g a`, `g s`, `n`, `/`, `?`). The listener runs in the
 * capture phase, so a key it uses up (the `a` of `g a`) never reaches the approvals page's own keys.
 */
export function useGlobalShortcuts(openHelp: () => void): void {
  const awaitingSince = useRef<number | null>(null);
  useEffect(() => {
    const run = (shortcut: GlobalShortcut): void => {
      switch (shortcut.kind) {
        case 'navigate':
          return navigate(shortcut.route);
        case 'new_run':
          return navigate({ page: 'new' });
        case 'focus_search':
          return focusSearch();
        case 'help':
          return openHelp();
        default:
          return assertNever(shortcut, 'GlobalShortcut');
      }
    };
    const onKeyDown = (event: KeyboardEvent): void => {
      // Keys pressed inside an open dialog belong to the dialog.
      if (event.target instanceof Element && event.target.closest('dialog[open]')) return;
      const decision = decideShortcut(event, awaitingSince.current, Date.now());
      awaitingSince.current = decision.awaitingSince;
      if (!decision.isConsumed) return;
      event.preventDefault();
      event.stopPropagation();
      if (decision.shortcut) run(decision.shortcut);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [openHelp]);
}
