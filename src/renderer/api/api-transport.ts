import type { AutoloopBridge } from '../../shared/preload-bridge';

/**
 * The one shape both transports have. The preload bridge (`window.autoloop`) has it as is; the
 * WebSocket adapter builds it. Answers and events are `unknown` here: the client validates them.
 */
export type ApiTransport = Pick<AutoloopBridge, 'call' | 'onEvent'>;

declare global {
  interface Window {
    /** Set by src/preload in the Electron window only; its type lives in src/shared, which both sides import (STYLE R18). */
    readonly autoloop?: AutoloopBridge;
  }
}
