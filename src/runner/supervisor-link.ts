import { z } from 'zod';
import type { MessageChannelLike } from '../shared/channel';
import { type InitMessage, PROTOCOL_VERSION, type RunnerMessage, SupervisorMessage } from '../shared/protocol';
import type { StopReason } from '../shared/records';

/** The runner waits this long for `init` before it gives up (DESIGN §3). */
export const INIT_TIMEOUT_MS = 10_000;

export type GateAnswer = Readonly<{ decision: 'go' } | { decision: 'pause'; reason: string } | { decision: 'stop' }>;
export type ApprovalAnswer = Readonly<{ decision: 'allow' | 'deny'; scope: 'once' | 'run'; reason?: string }>;

/** The runner's side of the protocol after the handshake. */
export interface SupervisorLink {
  send(message: RunnerMessage): void;
  /** Asks whether iteration `iteration` may start; a `stop` while waiting answers `stop`. */
  requestGate(iteration: number): Promise<GateAnswer>;
  /** Aborted when the supervisor sends `stop`. */
  readonly stopSignal: AbortSignal;
  stopReason(): StopReason | null;
  close(): void;
}

export type RunnerLog = (line: string) => void;

/** Parses supervisor messages on receipt; an invalid one is logged and dropped (DESIGN §3). */
function parseIncoming(raw: unknown, log: RunnerLog): SupervisorMessage | null {
  const parsed = SupervisorMessage.safeParse(raw);
  if (parsed.success) return parsed.data;
  log(`dropped an invalid supervisor message:\n${z.prettifyError(parsed.error)}`);
  return null;
}

/** Waits for the `init` message; resolves null when none arrives in time. */
export function waitForInit(channel: MessageChannelLike, log: RunnerLog, timeoutMs = INIT_TIMEOUT_MS): Promise<InitMessage | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(null);
    }, timeoutMs);
    const unsubscribe = channel.onMessage((raw) => {
      const message = parseIncoming(raw, log);
      if (message?.type !== 'init') return;
      clearTimeout(timer);
      unsubscribe();
      resolve(message);
    });
  });
}

/** Wires the runner to its supervisor: answers pings, routes gate results, turns `stop` into an abort. */
export function createSupervisorLink(channel: MessageChannelLike, log: RunnerLog): SupervisorLink {
  const stopController = new AbortController();
  let stopReason: StopReason | null = null;
  const gateWaiters = new Map<number, (answer: GateAnswer) => void>();

  const unsubscribe = channel.onMessage((raw) => {
    const message = parseIncoming(raw, log);
    if (!message) return;
    switch (message.type) {
      case 'ping':
        channel.send({ type: 'pong', nonce: message.nonce } satisfies RunnerMessage);
        return;
      case 'stop':
        stopReason ??= message.reason;
        stopController.abort(new Error(`stopped: ${message.reason}`));
        for (const resolve of gateWaiters.values()) resolve({ decision: 'stop' });
        gateWaiters.clear();
        return;
      case 'gate_result': {
        const resolve = gateWaiters.get(message.iteration);
        if (!resolve) return log(`gate_result for iteration ${message.iteration}, which nobody asked about`);
        gateWaiters.delete(message.iteration);
        resolve(message.decision === 'go' ? { decision: 'go' } : { decision: 'pause', reason: message.reason ?? 'paused' });
        return;
      }
      case 'approval_result':
        log(`approval_result ${message.requestId} ignored: no approval is pending`);
        return;
      case 'init':
        log('a second init was ignored');
        return;
    }
  });

  return {
    send: (message) => channel.send(message),
    requestGate(iteration) {
      if (stopController.signal.aborted) return Promise.resolve({ decision: 'stop' });
      return new Promise((resolve) => {
        gateWaiters.set(iteration, resolve);
        channel.send({ type: 'gate', iteration } satisfies RunnerMessage);
      });
    },
    stopSignal: stopController.signal,
    stopReason: () => stopReason,
    close() {
      unsubscribe();
      channel.close();
    },
  };
}

export { PROTOCOL_VERSION };
