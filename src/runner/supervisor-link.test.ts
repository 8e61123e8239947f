import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageChannelLike } from '../shared/channel';
import { type InitMessage, PROTOCOL_VERSION, RunnerMessage, type SupervisorMessage } from '../shared/protocol';
import { DEFAULT_LOOP_OPTIONS, DEFAULT_PERMISSIONS } from '../shared/records';
import { createChannelPair } from '../shared/testing/channel-pair';
import { INIT_TIMEOUT_MS, createSupervisorLink } from './supervisor-link';

const init: InitMessage = {
  type: 'init',
  protocol: PROTOCOL_VERSION,
  runId: 'run-1',
  name: 'Link test',
  template: { text: '# Program', revision: 'r1' },
  params: {},
  workdir: '/tmp/work',
  outputDir: '/tmp/out',
  model: { provider: 'scripted', id: 'script.json', options: {} },
  secrets: {},
  limits: {},
  permissions: DEFAULT_PERMISSIONS,
  loop: DEFAULT_LOOP_OPTIONS,
};

/** The supervisor's end of the pipe, with every runner message it received. */
function supervisorEnd(channel: MessageChannelLike) {
  const received: RunnerMessage[] = [];
  const waiters: Array<{ test: (message: RunnerMessage) => boolean; resolve: (message: RunnerMessage) => void }> = [];
  channel.onMessage((raw) => {
    const message = RunnerMessage.parse(raw);
    received.push(message);
    for (const waiter of waiters.filter((candidate) => candidate.test(message))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  });
  let pings = 0;
  return {
    received,
    send: (message: SupervisorMessage | Record<string, unknown> | string | null) => channel.send(message),
    /** Resolves with the first matching message, at once if one has already arrived. */
    waitFor: (test: (message: RunnerMessage) => boolean) =>
      new Promise<RunnerMessage>((resolve) => {
        const arrived = received.find(test);
        if (arrived) resolve(arrived);
        else waiters.push({ test, resolve });
      }),
    /** Resolves once the runner has handled everything sent before: a ping's pong comes back after it. */
    async settled(): Promise<void> {
      pings += 1;
      const nonce = `settle-${pings}`;
      const pong = this.waitFor((message) => message.type === 'pong' && message.nonce === nonce);
      channel.send({ type: 'ping', nonce });
      await pong;
    },
  };
}

function connect(initTimeoutMs?: number) {
  const [runnerChannel, supervisorChannel] = createChannelPair();
  const logs: string[] = [];
  const link = createSupervisorLink(runnerChannel, (line) => void logs.push(line), initTimeoutMs);
  return { link, logs, supervisor: supervisorEnd(supervisorChannel) };
}

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

  it('sees a stop that arrives before init', async () => {
    const { link, supervisor } = connect();
    supervisor.send({ type: 'stop', reason: 'user_stop' });
    supervisor.send(init);
    expect(await link.init).toEqual(init);
    expect(link.stopSignal.aborted).toBe(true);
    expect(link.stopReason()).toBe('user_stop');
  });

  it('answers a gate request with stop, without asking, once stopped', async () => {
    const { link, supervisor } = connect();
    supervisor.send({ type: 'stop', reason: 'user_stop' });
    await supervisor.settled();
    expect(await link.requestGate(1)).toEqual({ decision: 'stop' });
    await supervisor.settled();
    expect(supervisor.received.filter((message) => message.type === 'gate')).toEqual([]);
  });

  it('keeps the first stop reason when a second stop arrives', async () => {
    const { link, supervisor } = connect();
    supervisor.send({ type: 'stop', reason: 'time_limit' });
    supervisor.send({ type: 'stop', reason: 'user_stop' });
    await supervisor.settled();
    expect(link.stopReason()).toBe('time_limit');
  });

  it('has no stop reason and an open stop signal before any stop', async () => {
    const { link, supervisor } = connect();
    supervisor.send(init);
    await link.init;
    expect(link.stopReason()).toBeNull();
    expect(link.stopSignal.aborted).toBe(false);
  });

  it('answers a ping with a pong carrying its nonce', async () => {
    const { supervisor } = connect();
    const pong = supervisor.waitFor((message) => message.type === 'pong');
    supervisor.send({ type: 'ping', nonce: 'abc-123' });
    expect(await pong).toEqual({ type: 'pong', nonce: 'abc-123' });
  });

  it('answers a ping before init too', async () => {
    vi.useFakeTimers();
    const { supervisor } = connect(1_000);
    const pong = supervisor.waitFor((message) => message.type === 'pong');
    supervisor.send({ type: 'ping', nonce: 'early' });
    expect(await pong).toEqual({ type: 'pong', nonce: 'early' });
  });

  it('asks the gate with a gate message and resolves go on a go', async () => {
    const { link, supervisor } = connect();
    const gate = supervisor.waitFor((message) => message.type === 'gate');
    const answer = link.requestGate(4);
    expect(await gate).toEqual({ type: 'gate', iteration: 4 });
    supervisor.send({ type: 'gate_result', iteration: 4, decision: 'go' });
    expect(await answer).toEqual({ decision: 'go' });
  });

  it('resolves pause with the reason on a pause', async () => {
    const { link, supervisor } = connect();
    const answer = link.requestGate(2);
    await supervisor.waitFor((message) => message.type === 'gate');
    supervisor.send({ type: 'gate_result', iteration: 2, decision: 'pause', reason: 'budget' });
    expect(await answer).toEqual({ decision: 'pause', reason: 'budget' });
  });

  it('resolves pause with reason "paused" when the supervisor gives none', async () => {
    const { link, supervisor } = connect();
    const answer = link.requestGate(2);
    await supervisor.waitFor((message) => message.type === 'gate');
    supervisor.send({ type: 'gate_result', iteration: 2, decision: 'pause' });
    expect(await answer).toEqual({ decision: 'pause', reason: 'paused' });
  });

  it('ignores a gate_result for another iteration and logs it', async () => {
    const { link, supervisor, logs } = connect();
    let answered = false;
    const answer = link.requestGate(3).finally(() => (answered = true));
    await supervisor.waitFor((message) => message.type === 'gate');
    supervisor.send({ type: 'gate_result', iteration: 2, decision: 'go' });
    await supervisor.settled();
    expect(answered).toBe(false);
    expect(logs.some((line) => line.includes('gate_result for iteration 2'))).toBe(true);
    supervisor.send({ type: 'gate_result', iteration: 3, decision: 'go' });
    expect(await answer).toEqual({ decision: 'go' });
  });

  it('resolves a pending gate with stop when stop arrives while it waits', async () => {
    const { link, supervisor } = connect();
    const answer = link.requestGate(1);
    await supervisor.waitFor((message) => message.type === 'gate');
    supervisor.send({ type: 'stop', reason: 'user_stop' });
    expect(await answer).toEqual({ decision: 'stop' });
    expect(link.stopReason()).toBe('user_stop');
  });

  it('aborts the stop signal with the stop reason', async () => {
    const { link, supervisor } = connect();
    const aborted = new Promise<unknown>((resolve) => link.stopSignal.addEventListener('abort', () => resolve(link.stopSignal.reason)));
    supervisor.send({ type: 'stop', reason: 'time_limit' });
    expect(String(await aborted)).toContain('time_limit');
  });

  it.each([
    ['an unknown type', { type: 'launch' }],
    ['a stop with an unknown reason', { type: 'stop', reason: 'bored' }],
    ['a gate_result with a negative iteration', { type: 'gate_result', iteration: -1, decision: 'go' }],
    ['a string', 'stop'],
    ['null', null],
  ])('drops and logs %s without throwing', async (_what, message) => {
    const { link, supervisor, logs } = connect();
    supervisor.send(message);
    await supervisor.settled();
    expect(logs.filter((line) => line.startsWith('dropped an invalid supervisor message'))).toHaveLength(1);
    expect(link.stopSignal.aborted).toBe(false);
  });

  it('logs an approval_result that nobody waits for', async () => {
    const { supervisor, logs } = connect();
    supervisor.send({ type: 'approval_result', requestId: 'req-9', decision: 'allow' });
    await supervisor.settled();
    expect(logs.some((line) => line.includes('req-9'))).toBe(true);
  });

  it('passes runner messages to the supervisor', async () => {
    const { link, supervisor } = connect();
    const ready = supervisor.waitFor((message) => message.type === 'ready');
    link.send({ type: 'ready', pid: 42, protocol: PROTOCOL_VERSION });
    expect(await ready).toEqual({ type: 'ready', pid: 42, protocol: PROTOCOL_VERSION });
  });

  it('unsubscribes from and closes its channel on close', () => {
    const [runnerChannel] = createChannelPair();
    const listeners: Array<(message: unknown) => void> = [];
    let closed = false;
    const observed: MessageChannelLike = {
      send: (message) => runnerChannel.send(message),
      onMessage(listener) {
        listeners.push(listener);
        const unsubscribe = runnerChannel.onMessage(listener);
        return () => {
          listeners.splice(listeners.indexOf(listener), 1);
          unsubscribe();
        };
      },
      close() {
        closed = true;
        runnerChannel.close();
      },
    };
    const link = createSupervisorLink(observed, () => undefined);
    expect(listeners).toHaveLength(1);
    link.close();
    expect(listeners).toHaveLength(0);
    expect(closed).toBe(true);
  });
});
