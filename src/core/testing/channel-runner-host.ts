import type { MessageChannelLike } from '../../shared/channel';
import { type SupervisorMessage, PROTOCOL_VERSION } from '../../shared/protocol';
import { createChannelPair } from '../../shared/testing/channel-pair';
import type { ProcessExit, RunnerConnection, RunnerHost } from '../runner-host/runner-host';

/** How long a test waits for a message the supervisor should send; a broken supervisor fails, it does not hang. */
const MESSAGE_WAIT_MS = 5_000;

type Signal = 'SIGTERM' | 'SIGKILL';

/** The test's side of one fake runner process: what the supervisor sent it, and how to answer or end it. */
export type FakeRunner = Readonly<{
  runId: string;
  pid: number;
  /** Every message the supervisor sent, in order. */
  received: readonly SupervisorMessage[];
  /** The signals the supervisor sent, in order. */
  signals: readonly Signal[];
  /** Sends a message to the supervisor, valid or not. */
  send(message: unknown): void;
  /** The next message of `type` the supervisor sends (or the first already received and not yet taken). */
  next<T extends SupervisorMessage['type']>(type: T): Promise<Extract<SupervisorMessage, { type: T }>>;
  /** Answers `init` with `ready`; resolves with the `init`. */
  handshake(): Promise<Extract<SupervisorMessage, { type: 'init' }>>;
  /** The process ends; every message sent before reaches the supervisor first. */
  exit(exit?: Partial<ProcessExit>): void;
  /** Whether the process has ended. */
  hasExited(): boolean;
}>;

export type ChannelRunnerHostOptions = Readonly<{
  /** Signals the fake process survives (SIGKILL never is). */
  survives?: readonly 'SIGTERM'[];
  /** What the process printed, shown by the supervisor on a crash or a handshake timeout. */
  output?: string;
}>;

/** A RunnerHost whose "processes" are in-memory channel pairs (STYLE R7): the supervisor's rules, tested without a process. */
export type ChannelRunnerHost = RunnerHost & {
  /** Every runner started, in order. */
  readonly runners: FakeRunner[];
  /** The next runner the supervisor starts (or the first started and not yet taken). */
  nextRunner(): Promise<FakeRunner>;
};

let nextPid = 900_000;

function createFakeRunner(runId: string, supervisorEnd: MessageChannelLike, runnerEnd: MessageChannelLike, options: ChannelRunnerHostOptions) {
  const received: SupervisorMessage[] = [];
  const taken = new Set<number>();
  const signals: Signal[] = [];
  const waiting = new Set<() => void>();
  let exited = false;
  let settleExit: (exit: ProcessExit) => void = () => undefined;
  const exitedPromise = new Promise<ProcessExit>((resolve) => (settleExit = resolve));
  const pid = (nextPid += 1);
  runnerEnd.onMessage((message) => {
    received.push(message as SupervisorMessage);
    for (const wake of [...waiting]) wake();
  });

  function exit(how: Partial<ProcessExit> = {}): void {
    if (exited) return;
    exited = true;
    runnerEnd.close();
    // After the messages already in flight (delivered on microtasks): the exit comes last, as from a real host.
    setImmediate(() => {
      supervisorEnd.close();
      settleExit({ code: how.code ?? (how.signal ? null : 0), signal: how.signal ?? null, stderrTail: how.stderrTail ?? options.output ?? '' });
    });
  }

  function next<T extends SupervisorMessage['type']>(type: T): Promise<Extract<SupervisorMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const look = (): boolean => {
        const index = received.findIndex((message, at) => message.type === type && !taken.has(at));
        if (index < 0) return false;
        taken.add(index);
        resolve(received[index] as Extract<SupervisorMessage, { type: T }>);
        return true;
      };
      if (look()) return;
      const timer = setTimeout(() => {
        waiting.delete(wake);
        reject(new Error(`run ${runId}: the supervisor sent no ${type} within ${MESSAGE_WAIT_MS} ms`));
      }, MESSAGE_WAIT_MS);
      const wake = (): void => {
        if (!look()) return;
        clearTimeout(timer);
        waiting.delete(wake);
      };
      waiting.add(wake);
    });
  }

  const runner: FakeRunner = {
    runId,
    pid,
    received,
    signals,
    send: (message) => runnerEnd.send(message),
    next,
    async handshake() {
      const init = await next('init');
      runnerEnd.send({ type: 'ready', pid, protocol: PROTOCOL_VERSION });
      return init;
    },
    exit,
    hasExited: () => exited,
  };
  const connection: RunnerConnection = {
    pid,
    send: (message) => supervisorEnd.send(message),
    onMessage: (listener) => supervisorEnd.onMessage(listener),
    kill(signal) {
      signals.push(signal);
      if (signal === 'SIGKILL' || !(options.survives ?? []).includes(signal)) exit({ signal });
    },
    exited: exitedPromise,
    stderrTail: () => options.output ?? '',
  };
  return { runner, connection };
}

/** A fake runner host over `createChannelPair`; the test plays each runner's side of the protocol. */
export function createChannelRunnerHost(options: ChannelRunnerHostOptions = {}): ChannelRunnerHost {
  const runners: FakeRunner[] = [];
  let takenRunners = 0;
  const waiting = new Set<() => void>();
  return {
    runners,
    start(runId) {
      const [supervisorEnd, runnerEnd] = createChannelPair();
      const { runner, connection } = createFakeRunner(runId, supervisorEnd, runnerEnd, options);
      runners.push(runner);
      for (const wake of [...waiting]) wake();
      return connection;
    },
    nextRunner() {
      return new Promise((resolve, reject) => {
        const take = (): boolean => {
          const runner = runners[takenRunners];
          if (!runner) return false;
          takenRunners += 1;
          resolve(runner);
          return true;
        };
        if (take()) return;
        const timer = setTimeout(() => {
          waiting.delete(wake);
          reject(new Error(`no runner was started within ${MESSAGE_WAIT_MS} ms`));
        }, MESSAGE_WAIT_MS);
        const wake = (): void => {
          if (!take()) return;
          clearTimeout(timer);
          waiting.delete(wake);
        };
        waiting.add(wake);
      });
    },
  };
}
