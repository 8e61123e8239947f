import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { EngineConnectError } from '../../core/serving/engine-socket';
import { createMemoryLogger } from '../../core/logger';
import type { LinkStatus } from '../../shared/desktop-engines';
import { type LinkTimers, createRemoteEngineLink } from './remote-engine-link';

/** Timers run by hand: the test says when the wait is over, so nothing depends on the clock. */
function manualTimers(): LinkTimers & { waits: number[]; fire(): void; pending(): number } {
  const queue: Array<{ ms: number; callback: () => void; cancelled: boolean }> = [];
  const waits: number[] = [];
  return {
    waits,
    after(ms, callback) {
      const entry = { ms, callback, cancelled: false };
      queue.push(entry);
      waits.push(ms);
      return () => void (entry.cancelled = true);
    },
    fire() {
      const next = queue.shift();
      if (next && !next.cancelled) next.callback();
    },
    pending: () => queue.filter((entry) => !entry.cancelled).length,
  };
}
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const connection = () => ({ target: { socketUrl: 'wss://box:1/api', token: 't' }, approverCode: undefined });

describe('a remote engine link', () => {
  it('tries an unreachable engine again after 1 s, 2 s, 4 s …, and says why while lost', async () => {
    const timers = manualTimers();
    const statuses: LinkStatus[] = [];
    const link = createRemoteEngineLink({
      name: 'box',
      connection,
      log: createMemoryLogger(),
      timers,
      open: () => Promise.reject(new EngineConnectError('Cannot reach the engine at wss://box:1/api: connect ECONNREFUSED', 'unreachable', null)),
    });
    link.onState((state) => statuses.push(state.status));
    await settle();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      timers.fire();
      await settle();
    }
    expect(timers.waits).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(statuses).toEqual(['lost', 'connecting', 'lost', 'connecting', 'lost', 'connecting', 'lost']);
    expect(await link.call('runs.list', {})).toEqual({
      ok: false,
      error: {
        code: 'unavailable',
        message: expect.stringMatching(/^The engine box is not connected \(lost: Cannot reach .*ECONNREFUSED\); its runs go on there$/),
      },
    });
    link.close();
    expect(timers.pending()).toBe(0);
  });

  it('does not try again after a refusal, or when the entry cannot be opened', async () => {
    const timers = manualTimers();
    let opens = 0;
    const refused = createRemoteEngineLink({
      name: 'box',
      connection,
      log: createMemoryLogger(),
      timers,
      open: () => {
        opens += 1;
        return Promise.reject(new EngineConnectError('The engine at wss://box:1/api refused the token (HTTP 401)', 'refused', 401));
      },
    });
    await settle();
    expect(refused.state()).toMatchObject({ status: 'refused', reason: expect.stringContaining('HTTP 401'), retryInMs: null });
    const sealed = createRemoteEngineLink({
      name: 'lab',
      connection: () => {
        throw new Error('the token of lab cannot be opened on this machine');
      },
      log: createMemoryLogger(),
      timers,
      open: () => Promise.reject(new Error('never called')),
    });
    expect(sealed.state()).toMatchObject({ status: 'refused', reason: 'the token of lab cannot be opened on this machine' });
    expect(timers.waits).toEqual([]);
    expect(opens).toBe(1);
  });

  it('tries a refused link once more when the person asks, and a lost one at once instead of waiting', async () => {
    const timers = manualTimers();
    const answers: Array<() => Promise<WebSocket>> = [
      () => Promise.reject(new EngineConnectError('The engine at wss://box:1/api refused the token (HTTP 401)', 'refused', 401)),
      () => Promise.reject(new EngineConnectError('The engine at wss://box:1/api refused the token (HTTP 401)', 'refused', 401)),
      () => Promise.reject(new EngineConnectError('Cannot reach the engine at wss://box:1/api: connect ECONNREFUSED', 'unreachable', null)),
      () => Promise.reject(new EngineConnectError('Cannot reach the engine at wss://box:1/api: connect ECONNREFUSED', 'unreachable', null)),
    ];
    let opens = 0;
    const statuses: LinkStatus[] = [];
    const link = createRemoteEngineLink({
      name: 'box',
      connection,
      log: createMemoryLogger(),
      timers,
      open: () => answers[opens++]?.() ?? new Promise(() => undefined),
    });
    link.onState((state) => statuses.push(state.status));
    await settle();
    expect(link.state().status).toBe('refused');
    expect(link.retry()).toBe(true);
    expect(link.retry()).toBe(false); // already trying: one attempt per ask
    await settle();
    // Refused again: one attempt only, no timer.
    expect(opens).toBe(2);
    expect(link.state()).toMatchObject({ status: 'refused', retryInMs: null });
    expect(timers.waits).toEqual([]);
    // Fixed on the other side but unreachable now: back to the usual backoff, from its first wait.
    expect(link.retry()).toBe(true);
    await settle();
    expect(link.state()).toMatchObject({ status: 'lost', retryInMs: 1_000, failedAttempts: 1 });
    // Lost and waiting: Try again does not wait for the timer, and the timer it replaced does nothing.
    expect(link.retry()).toBe(true);
    await settle();
    expect(opens).toBe(4);
    expect(link.state()).toMatchObject({ status: 'lost', retryInMs: 1_000 });
    timers.fire(); // the cancelled wait
    await settle();
    expect(opens).toBe(4);
    expect(statuses).toEqual(['refused', 'connecting', 'refused', 'connecting', 'lost', 'connecting', 'lost']);
    link.close();
    expect(link.retry()).toBe(false);
  });

  it('holds a call made while connecting until the attempt settles, then says why it failed', async () => {
    let refuse: (error: unknown) => void = () => undefined;
    const link = createRemoteEngineLink({
      name: 'box',
      connection,
      log: createMemoryLogger(),
      timers: manualTimers(),
      open: () => new Promise<WebSocket>((_resolve, reject) => (refuse = reject)),
    });
    let answered = false;
    const answer = link.call('runs.list', {}).then((value) => ((answered = true), value));
    await settle();
    expect(answered).toBe(false);
    refuse(new EngineConnectError('The engine at wss://box:1/api refused the token (HTTP 401)', 'refused', 401));
    expect(await answer).toEqual({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/^The engine box is not connected \(refused: .*HTTP 401\)/) },
    });
    // Closing wakes a waiting call too.
    const other = createRemoteEngineLink({
      name: 'lab',
      connection,
      log: createMemoryLogger(),
      timers: manualTimers(),
      open: () => new Promise(() => undefined),
    });
    const waiting = other.call('runs.list', {});
    other.close();
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('counts a rate limit (429) as lost, to be tried again later', async () => {
    const timers = manualTimers();
    const link = createRemoteEngineLink({
      name: 'box',
      connection,
      log: createMemoryLogger(),
      timers,
      open: () => Promise.reject(new EngineConnectError('too many wrong tokens (HTTP 429)', 'unreachable', 429)),
    });
    await settle();
    expect(link.state().status).toBe('lost');
    expect(timers.waits).toEqual([1_000]);
    link.close();
  });

  it('drops a socket that opens after it was closed', async () => {
    let terminated = false;
    let resolveOpen: (socket: WebSocket) => void = () => undefined;
    const link = createRemoteEngineLink({
      name: 'box',
      connection,
      log: createMemoryLogger(),
      timers: manualTimers(),
      open: () => new Promise((resolve) => (resolveOpen = resolve)),
    });
    link.close();
    resolveOpen({ terminate: () => void (terminated = true) } as unknown as WebSocket);
    await settle();
    expect(terminated).toBe(true);
    expect(link.state().status).toBe('connecting');
  });
});
