import { describe, expect, it } from 'vitest';
import { wsMessageText } from './ws-message-text';

describe('a WebSocket message as text', () => {
  const text = '{"id":1,"method":"runs.list","params":{"name":"Zoë"}}';
  const bytes = Buffer.from(text, 'utf8');

  it('reads a Buffer, an ArrayBuffer and fragments alike, multi-byte characters included', () => {
    const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const split = bytes.indexOf('ë') + 1; // inside the two bytes of "ë"
    expect(wsMessageText(bytes)).toBe(text);
    expect(wsMessageText(arrayBuffer)).toBe(text);
    expect(wsMessageText([bytes.subarray(0, split), bytes.subarray(split)])).toBe(text);
  });
});
