import type { WebSocket } from 'ws';
import type { WsServerFrame } from '../../shared/api';
import type { Logger } from '../logger';

/**
 * The most a client may have waiting in its send buffer (ws's queue plus the socket's) before it
 * counts as too slow. A client that reads keeps this near zero; one that never reads would
 * otherwise grow the engine by every event of every run.
 */
export const MAX_CLIENT_BUFFER_BYTES = 8 * 1024 * 1024;
/** How long a slow client's close handshake may take before its connection is dropped. */
export const SLOW_CLIENT_CLOSE_MS = 1_000;
/** The close code a slow client gets: 1008, policy violation (RFC 6455 §7.4.1). */
export const SLOW_CLIENT_CLOSE_CODE = 1008;

/**
 * Sends frames to one client, bounded: once its buffer holds more than `maxBufferedBytes` (beyond
 * the largest single frame it was sent, e.g. a run bundle it asked for) the
 * client is disconnected with a reason and nothing more is queued for it. It reconnects and reads
 * the current state again (the UI reloads its lists on every reconnect), so it loses nothing it
 * cannot fetch; the engine's memory stays flat whatever a client does.
 */
export function createBoundedSender(socket: WebSocket, log: Logger, maxBufferedBytes = MAX_CLIENT_BUFFER_BYTES): (frame: WsServerFrame) => void {
  let dropped = false;
  // A client that asked for something big (a run bundle) is not behind while that one frame drains.
  let largestFrame = 0;
  return (frame) => {
    if (dropped || socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > maxBufferedBytes + largestFrame) {
      dropped = true;
      const mib = (socket.bufferedAmount / 1024 / 1024).toFixed(1);
      const reason = `too slow: ${mib} MiB of updates were waiting; reconnect to read the current state`;
      log.warn(`websocket: disconnected a client that was ${reason}`);
      socket.close(SLOW_CLIENT_CLOSE_CODE, reason);
      // A client that does not read never answers the close frame either.
      setTimeout(() => socket.terminate(), SLOW_CLIENT_CLOSE_MS).unref();
      return;
    }
    const text = JSON.stringify(frame);
    largestFrame = Math.max(largestFrame, text.length);
    socket.send(text);
  };
}
