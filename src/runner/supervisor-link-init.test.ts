import { afterEach, describe, expect, it, vi } from 'vitest';
import { type InitMessage, PROTOCOL_VERSION } from '../shared/protocol';
import { INIT_TIMEOUT_MS } from './supervisor-link';
import { init, connect } from './testing/link-harness';

afterEach(() => {
  vi.useRealTimers();
});

describe('createSupervisorLink', () => {
  it('resolves init with the init message the supervisor sends', async () => {
    const { link, supervisor } = connect();
    supervisor.send(init);
    expect(await link.init).toEqual(init);
  });

  it('resolves init with null when no init arrives in time', async () => {
    vi.useFakeTimers();
    const { link } = connect(1_000);
    let settled: InitMessage | null | 'pending' = 'pending';
    void link.init.then((value) => (settled = value));
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBeNull();
  });

  it('waits INIT_TIMEOUT_MS for init by default', async () => {
    vi.useFakeTimers();
    const { link } = connect();
    let settled: InitMessage | null | 'pending' = 'pending';
    void link.init.then((value) => (settled = value));
    await vi.advanceTimersByTimeAsync(INIT_TIMEOUT_MS - 1);
    expect(settled).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBeNull();
  });

  it('waits without a deadline for a spare runner (null), and takes the init whenever it comes', async () => {
    vi.useFakeTimers();
    const { link, supervisor } = connect(null);
    let settled: InitMessage | null | 'pending' = 'pending';
    void link.init.then((value) => (settled = value));
    await vi.advanceTimersByTimeAsync(INIT_TIMEOUT_MS * 100);
    expect(settled).toBe('pending');
    supervisor.send(init);
    await supervisor.settled();
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toEqual(init);
  });

  it('keeps the first init and logs a second one as ignored', async () => {
    const { link, supervisor, logs } = connect();
    supervisor.send(init);
    supervisor.send({ ...init, runId: 'run-2' });
    await supervisor.settled();
    expect((await link.init)?.runId).toBe('run-1');
    expect(logs.some((line) => line.includes('second init'))).toBe(true);
  });

  it('does not take an init with another protocol version', async () => {
    vi.useFakeTimers();
    const { link, supervisor, logs } = connect(1_000);
    supervisor.send({ ...init, protocol: PROTOCOL_VERSION + 1 });
    await supervisor.settled();
    expect(logs.some((line) => line.includes('dropped an invalid supervisor message'))).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await link.init).toBeNull();
  });
});
