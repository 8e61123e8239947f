import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from './connection-store';
import { type AccessCheck, apiUrlFromLocation, CALL_TIMEOUT_MS, createWebSocketTransport, reconnectDelayMs, type SocketHandlers } from './websocket-transport';

type FakeSocket = { url: string; handlers: SocketHandlers; sent: unknown[]; closed: boolean };

function setup(checkAccess?: () => Promise<AccessCheck>) {
  const sockets: FakeSocket[] = [];
  const states: ConnectionState[] = [];
  const transport = createWebSocketTransport({
    url: 'ws://host/api',
    openSocket(url, handlers) {
      const socket: FakeSocket = { url, handlers, sent: [], closed: false };
      sockets.push(socket);
      return { send: (data) => socket.sent.push(JSON.parse(data)), close: () => (socket.closed = true) };
    },
    onStateChange: (state) => states.push(state),
    ...(checkAccess ? { checkAccess } : {}),
  });
  const latest = (): FakeSocket => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  };
  const answer = (frame: unknown) => latest().handlers.onMessage(JSON.stringify(frame));
  return { transport, sockets, states, latest, answer };
}

describe('createWebSocketTransport', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('queues calls made before the socket opens and sends them on open', async () => {
    const { transport, latest, answer } = setup();
    const answered = transport.call('runs.list', {});
    expect(latest().sent).toEqual([]);
    latest().handlers.onOpen();
    expect(latest().sent).toEqual([{ id: 1, method: 'runs.list', params: {} }]);
    answer({ id: 1, result: [] });
    await expect(answered).resolves.toEqual({ ok: true, value: [] });
  });

  it('turns an error frame into an ok:false response', async () => {
    const { transport, latest, answer } = setup();
    latest().handlers.onOpen();
    const answered = transport.call('runs.get', { id: 'nope' });
    answer({ id: 1, error: { code: 'not_found', message: 'There is no run nope' } });
    await expect(answered).resolves.toEqual({ ok: false, error: { code: 'not_found', message: 'There is no run nope' } });
  });

  it('fails a call at once when its answer breaks the contract, instead of at the timeout', async () => {
    const { transport, latest, answer } = setup();
    latest().handlers.onOpen();
    const answered = transport.call('runs.get', { id: 'r1' });
    answer({ id: 1, error: 'no' });
    await expect(answered).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('passes pushed events to listeners and drops frames it cannot read', () => {
    const { transport, latest, answer } = setup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const events: unknown[] = [];
    transport.onEvent((event) => events.push(event));
    latest().handlers.onOpen();
    answer({ event: { type: 'notice', level: 'info', message: 'hi' } });
    latest().handlers.onMessage('not json');
    expect(events).toEqual([{ type: 'notice', level: 'info', message: 'hi' }]);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('fails calls in flight when the socket drops, and reconnects with growing backoff', async () => {
    const { transport, sockets, states, latest } = setup();
    latest().handlers.onOpen();
    const inFlight = transport.call('runs.list', {});
    latest().handlers.onClose();
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(states.at(-1)).toEqual({ status: 'reconnecting', retryInMs: 1_000, reconnects: 0 });

    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets).toHaveLength(2);
    latest().handlers.onClose();
    expect(states.at(-1)?.retryInMs).toBe(2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sockets).toHaveLength(3);
    latest().handlers.onOpen();
    expect(states.at(-1)).toEqual({ status: 'open', retryInMs: null, reconnects: 1 });
  });

  it('sends calls made while reconnecting once the new socket opens', async () => {
    const { transport, latest, answer } = setup();
    latest().handlers.onOpen();
    latest().handlers.onClose();
    const queued = transport.call('system.info', {});
    await vi.advanceTimersByTimeAsync(1_000);
    latest().handlers.onOpen();
    expect(latest().sent).toEqual([{ id: 1, method: 'system.info', params: {} }]);
    answer({ id: 1, result: 'x' });
    await expect(queued).resolves.toEqual({ ok: true, value: 'x' });
  });

  it('gives up on a call the server never answers', async () => {
    const { transport, latest } = setup();
    latest().handlers.onOpen();
    const unanswered = transport.call('runs.list', {});
    await vi.advanceTimersByTimeAsync(CALL_TIMEOUT_MS);
    await expect(unanswered).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('ignores a late close from a socket it already replaced', async () => {
    const { sockets, states, latest } = setup();
    const first = latest();
    first.handlers.onClose();
    await vi.advanceTimersByTimeAsync(1_000);
    latest().handlers.onOpen();
    first.handlers.onClose();
    expect(sockets).toHaveLength(2);
    expect(states.at(-1)?.status).toBe('open');
  });

  it('stops retrying and says so when the server refuses the page’s token (Autoloop restarted with a new one)', async () => {
    const { transport, sockets, states, latest } = setup(() => Promise.resolve('refused'));
    latest().handlers.onOpen();
    latest().handlers.onClose(); // the server stopped
    await vi.advanceTimersByTimeAsync(1_000);
    expect(states.at(-1)?.status).toBe('reconnecting'); // a drop after an open socket is not a refusal
    const queued = transport.call('runs.list', {});
    latest().handlers.onClose(); // the new server refuses the upgrade: the socket never opens
    await vi.advanceTimersByTimeAsync(0);
    expect(states.at(-1)).toEqual({ status: 'refused', retryInMs: null, reconnects: 0 });
    await expect(queued).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(2);
  });

  it('keeps retrying while the server is just not there', async () => {
    const { sockets, states, latest } = setup(() => Promise.resolve('unreachable'));
    latest().handlers.onClose();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(states.at(-1)?.status).toBe('reconnecting');
    expect(sockets).toHaveLength(2);
  });

  it('stops reconnecting once disposed', async () => {
    const { transport, sockets, latest } = setup();
    latest().handlers.onOpen();
    transport.dispose();
    expect(latest().closed).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from 1 s and stops at 10 s', () => {
    expect([0, 1, 2, 3, 4, 5].map(reconnectDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });
});

describe('apiUrlFromLocation', () => {
  it('uses the page host, ws or wss to match, and passes the token on', () => {
    expect(apiUrlFromLocation({ protocol: 'http:', host: '127.0.0.1:4317', search: '?token=a b' })).toBe('ws://127.0.0.1:4317/api?token=a%20b');
    expect(apiUrlFromLocation({ protocol: 'https:', host: 'example.com', search: '' })).toBe('wss://example.com/api');
  });
});
