// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WsRequest } from '../../../../shared/api';
import type { RunEvent } from '../../../../shared/records';
import { receiveConnectionState, connectionStore, initialConnectionState } from '../../../api/connection-store';
import { createApiClient } from '../../../api/create-api-client';
import { startEventRouter } from '../../../api/event-router';
import { createWebSocketTransport, RECONNECT_BASE_MS, type SocketHandlers } from '../../../api/websocket-transport';
import { builders } from '../../../testing/builders';
import { renderWithApi, type Rendered } from '../../../testing/render';
import { emptyRunDetailState, runDetailStore } from '../run-detail-store';
import { RunView } from './run-view';
import { emptyRunsState, runsStore } from '../runs-store';

const line = (seq: number): RunEvent => builders.event({ seq, data: { message: `line ${seq}` } });

/** A fake headless server behind the real WebSocket transport: it answers the run view's calls from `events` and pushes on demand. */
function fakeServer() {
  const events: RunEvent[] = [];
  const sockets: SocketHandlers[] = [];
  const answer = (handlers: SocketHandlers, data: string): void => {
    const request = WsRequest.parse(JSON.parse(data));
    const params = request.params as { afterSeq?: number; limit?: number };
    const result = (() => {
      switch (request.method) {
        case 'runs.get':
          return builders.run();
        case 'runs.iterations':
          return [];
        case 'runs.events': {
          const page = events.filter((event) => event.seq > (params.afterSeq ?? 0)).slice(0, params.limit ?? 1_000);
          return { events: page, lastSeq: page.at(-1)?.seq ?? params.afterSeq ?? 0 };
        }
        default:
          throw new Error(`unexpected ${request.method}`);
      }
    })();
    queueMicrotask(() => handlers.onMessage(JSON.stringify({ id: request.id, result })));
  };
  const transport = createWebSocketTransport({
    url: 'ws://test/api',
    openSocket(_url, handlers) {
      sockets.push(handlers);
      return { send: (data) => answer(handlers, data), close: () => undefined };
    },
    onStateChange: receiveConnectionState,
  });
  const latest = (): SocketHandlers => sockets.at(-1) as SocketHandlers;
  return {
    events,
    sockets,
    transport,
    /** The engine records an event and pushes it to the socket that is open, if any. */
    record(event: RunEvent, isConnected: boolean): void {
      events.push(event);
      if (isConnected) latest().onMessage(JSON.stringify({ event: { type: 'run.event', event } }));
    },
    latest,
  };
}

describe('RunView across a dropped connection', () => {
  let rendered: Rendered | null = null;
  beforeEach(() => {
    runsStore.setState(emptyRunsState, true);
    runDetailStore.setState(emptyRunDetailState, true);
    connectionStore.setState(initialConnectionState, true);
  });
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
    vi.useRealTimers();
  });

  it('shows every log line exactly once after the socket drops mid-run and comes back', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const server = fakeServer();
    const client = createApiClient({ transport: server.transport });
    const stopRouting = startEventRouter(client);
    for (const seq of [1, 2, 3]) server.events.push(line(seq));
    server.latest().onOpen();
    rendered = await renderWithApi(<RunView runId="r1" />, client);
    await act(async () => {
      server.record(line(4), true);
      server.record(line(5), true);
    });

    // The connection drops; the engine goes on logging, and nobody hears of it.
    await act(async () => server.latest().onClose());
    expect(connectionStore.getState().status).toBe('reconnecting');
    for (const seq of [6, 7, 8]) server.record(line(seq), false);

    // Back: the new socket opens, a push overlaps with what the view pages in again.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(RECONNECT_BASE_MS);
    });
    expect(server.sockets).toHaveLength(2);
    await act(async () => {
      server.latest().onOpen();
      server.record(line(9), true);
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    await act(async () => server.record(line(10), true));

    const seqs = runDetailStore
      .getState()
      .log.rows.filter((row) => row.kind === 'notice')
      .map((row) => row.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(connectionStore.getState()).toMatchObject({ status: 'open', reconnects: 1 });
    stopRouting();
    server.transport.dispose();
  });
});
