import { createStore, useStore } from 'zustand';

/** What the person chose in Settings → Appearance; `system` follows `prefers-color-scheme`. */
export type ThemePreference = 'system' | 'light' | 'dark';

/** The theme actually applied (`data-theme` on `<html>`). */
export type Theme = 'light' | 'dark';

/** The localStorage key of the preference: a window setting, not an engine one. */
export const THEME_STORAGE_KEY = 'autoloop.theme';

const PREFERENCES: ReadonlyArray<ThemePreference> = ['system', 'light', 'dark'];

/** Pure: the stored preference, or `system` for anything missing or unknown. */
export function parseThemePreference(stored: string | null): ThemePreference {
  return PREFERENCES.find((preference) => preference === stored) ?? 'system';
}

/** Pure: the theme to apply for a preference. */
export function resolveTheme(preference: ThemePreference, prefersDark: boolean): Theme {
  if (preference === 'system') return prefersDark ? 'dark' : 'light';
  return preference;
}

/** The preference and what it resolves to now. */
export type ThemeState = Readonly<{ preference: ThemePreference; theme: Theme }>;

/** The theme store (vanilla zustand, STYLE R17). */
export const themeStore = createStore<ThemeState>()(() => ({ preference: 'system', theme: 'light' }));

function readStored(): string | null {
  try {
    return window.localStorage.getItem(THEME_STORAGE_KEY);
  } catch {
    // Storage can be switched off; the window then simply follows the system.
    return null;
  }
}

const darkQuery = (): MediaQueryList | null => (typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null);

function apply(preference: ThemePreference): void {
  const theme = resolveTheme(preference, darkQuery()?.matches ?? false);
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
  themeStore.setState({ preference, theme }, true);
}

/** Applies the stored preference to `<html>` and follows system changes; returns the unsubscribe function. */
export function startThemeSync(): () => void {
  apply(parseThemePreference(readStored()));
  const query = darkQuery();
  const onChange = (): void => apply(themeStore.getState().preference);
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
}

/** Stores and applies a new preference. */
export function setThemePreference(preference: ThemePreference): void {
  try {
    window.localStorage.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // Not stored: it still applies for this session.
  }
  apply(preference);
}

/** Subscribe a component to the theme. */
export function useThemeStore<T>(selector: (state: ThemeState) => T): T {
  return useStore(themeStore, selector);
}
