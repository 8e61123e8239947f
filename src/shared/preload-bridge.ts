import type { ApiMethod } from './api';

/**
 * `window.autoloop`: what src/preload exposes in the Electron window, and all the renderer may
 * assume of it. One type for both sides, so the two cannot drift apart. Answers and events are
 * `unknown` because they crossed a process boundary: the renderer validates them (STYLE R8, R18).
 */
export type AutoloopBridge = Readonly<{
  /** Resolves with the `ApiResponse` main sent for `method` (`{ok: true, value}` or `{ok: false, error}`), not yet validated. */
  call(method: ApiMethod, params: unknown): Promise<unknown>;
  /** Every event main pushes, not yet validated; returns the unsubscribe function. */
  onEvent(listener: (event: unknown) => void): () => void;
  /** Opens the native folder dialog; resolves with the chosen folder, or null when cancelled. */
  pickFolder(current: string): Promise<string | null>;
  /**
   * The engines this window can show (Settings → Engines, the header switcher). Main keeps them and
   * their sealed tokens; answers are `DesktopEnginesAnswer` (src/shared/desktop-engines.ts), never a token.
   */
  engines: EnginesBridge;
}>;

/** `window.autoloop.engines`: answers not yet validated, like `call`'s. */
export type EnginesBridge = Readonly<{
  list(): Promise<unknown>;
  add(input: unknown): Promise<unknown>;
  /** Replaces a kept engine's token (approver code, CA file): a `DesktopEngineUpdate`. */
  update(input: unknown): Promise<unknown>;
  /** Tries a refused or lost engine once more now. */
  retry(name: string): Promise<unknown>;
  remove(name: string): Promise<unknown>;
  /** What "Import from the CLI" would import (a `CliImportPlanAnswer`, without tokens). */
  cliImportPlan(): Promise<unknown>;
  /** Imports the CLI's engines named (those the person was shown); answers the new list. */
  importFromCli(names: ReadonlyArray<string>): Promise<unknown>;
  /** Shows `name` (null: this app's own engine) in the window; reload the page after it answers. */
  select(name: string | null): Promise<unknown>;
  /** Told when the engines or their connection states change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}>;
