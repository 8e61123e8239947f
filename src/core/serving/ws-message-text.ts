import type { RawData } from 'ws';

/** A WebSocket message as UTF-8 text, in whichever of its three shapes `ws` hands it over (by `binaryType`). */
export function wsMessageText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}

/** A WebSocket message as one Buffer, in whichever of its three shapes `ws` hands it over. */
export function wsMessageBytes(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}
