import type { ApiMethod } from '../../shared/api';

/**
 * The one shape both transports have. The preload bridge (`window.autoloop`) has it as is; the
 * WebSocket adapter builds it. Answers and events are `unknown` here: the client validates them.
 */
export type ApiTransport = Readonly<{
  /** Resolves with an `ApiResponse` (`{ok: true, value}` or `{ok: false, error}`), not yet validated. */
  call(method: ApiMethod, params: unknown): Promise<unknown>;
  onEvent(listener: (event: unknown) => void): () => void;
}>;

declare global {
  interface Window {
    /**
     * Set by src/preload in the Electron window only. Declared structurally here because the
     * renderer may not import from src/preload (STYLE R18).
     */
    readonly autoloop?: ApiTransport & Readonly<{ pickFolder?: (current: string) => Promise<string | null> }>;
  }
}
