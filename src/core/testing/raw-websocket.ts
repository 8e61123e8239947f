import { type Socket, connect } from 'node:net';

/** The longest a raw connection in a test waits for the server to answer or close. */
export const RAW_SOCKET_WAIT_MS = 10_000;

/** A TCP connection that speaks HTTP and WebSocket frames by hand, so a test can send what no client library would. */
export type RawConnection = Readonly<{
  socket: Socket;
  /** Everything the server sent so far. */
  received(): Buffer;
  /** Resolves when the server has closed the connection (or the wait runs out), with everything it sent. */
  ended: Promise<Buffer>;
}>;

/** Opens a TCP connection and writes `text` (an HTTP request, usually an upgrade). */
export function rawConnect(port: number, text: string): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<Buffer>((done) => {
      const timer = setTimeout(() => {
        socket.destroy();
        done(Buffer.concat(chunks));
      }, RAW_SOCKET_WAIT_MS);
      socket.once('close', () => {
        clearTimeout(timer);
        done(Buffer.concat(chunks));
      });
    });
    socket.on('error', () => undefined); // a reset is how some refusals end; `ended` reports it
    socket.once('connect', () => {
      socket.write(text);
      resolve({ socket, received: () => Buffer.concat(chunks), ended });
    });
    socket.once('error', reject);
  });
}

/** An HTTP/1.1 WebSocket upgrade request for `path` with extra header lines. */
export function upgradeRequest(port: number, path: string, headers: Readonly<Record<string, string>> = {}): string {
  const lines = [
    `GET ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * One client frame, masked as RFC 6455 requires (with a zero key, so the payload is sent as is).
 * `declaredLength` may claim more than `payload` holds: the header alone announces an oversized frame.
 */
export function clientFrame(opcode: number, payload: Buffer, declaredLength = payload.length): Buffer {
  const first = 0x80 | opcode;
  let header: Buffer;
  if (declaredLength < 126) header = Buffer.from([first, 0x80 | declaredLength]);
  else if (declaredLength < 65_536) {
    header = Buffer.alloc(4);
    header.writeUInt8(first, 0);
    header.writeUInt8(0x80 | 126, 1);
    header.writeUInt16BE(declaredLength, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(first, 0);
    header.writeUInt8(0x80 | 127, 1);
    header.writeBigUInt64BE(BigInt(declaredLength), 2);
  }
  return Buffer.concat([header, Buffer.alloc(4), payload]);
}

export const OPCODE_TEXT = 0x1;

/** The HTTP status line's code at the start of what the server sent, or null. */
export function httpStatusOf(received: Buffer): number | null {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(received.toString('latin1'));
  return match ? Number(match[1]) : null;
}

/** The close code of the first close frame the server sent after its 101 answer, or null. */
export function closeCodeOf(received: Buffer): number | null {
  const headerEnd = received.indexOf('\r\n\r\n');
  if (headerEnd === -1) return null;
  let at = headerEnd + 4;
  while (at + 2 <= received.length) {
    const opcode = (received[at] ?? 0) & 0x0f;
    let length = (received[at + 1] ?? 0) & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = received.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      length = Number(received.readBigUInt64BE(start));
      start += 8;
    }
    if (opcode === 0x8) return length >= 2 ? received.readUInt16BE(start) : null;
    at = start + length;
  }
  return null;
}
