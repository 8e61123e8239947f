import type { MessageChannelLike } from '../../shared/channel';
import { type InitMessage, PROTOCOL_VERSION, RunnerMessage, type SupervisorMessage } from '../../shared/protocol';
import { DEFAULT_LOOP_OPTIONS, DEFAULT_PERMISSIONS } from '../../shared/records';
import { createChannelPair } from '../../shared/testing/channel-pair';
import { createSupervisorLink } from '../supervisor-link';

// A supervisor link over an in-memory channel, with the supervisor's end written for the test.

export const init: InitMessage = {
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
export function supervisorEnd(channel: MessageChannelLike) {
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
  /** Resolves with the first matching message, at once if one has already arrived. */
  const waitFor = (test: (message: RunnerMessage) => boolean) =>
    new Promise<RunnerMessage>((resolve) => {
      const arrived = received.find(test);
      if (arrived) resolve(arrived);
      else waiters.push({ test, resolve });
    });
  return {
    received,
    send: (message: SupervisorMessage | Record<string, unknown> | string | null) => channel.send(message),
    waitFor,
    /** Resolves once the runner has handled everything sent before: a ping's pong comes back after it. */
    async settled(): Promise<void> {
      pings += 1;
      const nonce = `settle-${pings}`;
      const pong = waitFor((message) => message.type === 'pong' && message.nonce === nonce);
      channel.send({ type: 'ping', nonce });
      await pong;
    },
  };
}

export function connect(initTimeoutMs?: number | null) {
  const [runnerChannel, supervisorChannel] = createChannelPair();
  const logs: string[] = [];
  const link = createSupervisorLink(runnerChannel, (line) => void logs.push(line), initTimeoutMs);
  return { link, logs, supervisor: supervisorEnd(supervisorChannel) };
}
