import { z } from 'zod';
import type { MessageChannelLike } from '../shared/channel';
import { type InitMessage, type RunnerMessage, type RunnerMessageOf, SupervisorMessage } from '../shared/protocol';
import type { StopReason } from '../shared/records';
import { assertNever } from '../shared/assert';
import type { GuidanceNote } from '../shared/verify';

/** The runner waits this long for `init` before it gives up (DESIGN §3). */
export const INIT_TIMEOUT_MS = 10_000;

/** `guidance`: notes people sent since the last gate, for this iteration's prompt. */
export type GateAnswer = Readonly<{ decision: 'go'; guidance?: ReadonlyArray<GuidanceNote> } | { decision: 'pause'; reason: string } | { decision: 'stop' }>;
export type ApprovalAnswer = Readonly<
  { decision: 'allow' | 'deny'; scope: 'once' | 'run'; reason?: string; endTurn: boolean; by: 'user' | 'timeout' } | { decision: 'stop' }
>;
export type ApprovalQuestion = Omit<RunnerMessageOf<'approval_request'>, 'type'>;

/** The runner's side of the protocol after the handshake. */
export interface SupervisorLink {
  /** The `init` message, or null when none came in time. */
  readonly init: Promise<InitMessage | null>;
  send(message: RunnerMessage): void;
  /** Asks whether iteration `iteration` may start; a `stop` while waiting answers `stop`. */
  requestGate(iteration: number): Promise<GateAnswer>;
  /** Asks the supervisor (and so a person) about a tool call; a `stop` while waiting answers `stop`. */
  requestApproval(question: ApprovalQuestion): Promise<ApprovalAnswer>;
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

/**
 * Wires the runner to its supervisor from its first moment: waits for `init` (at most `initTimeoutMs`; null: a spare
 * runner, which waits as long as its host keeps it), answers pings, routes gate results, and turns `stop` into an
 * abort, even one that arrives before `init`.
 */
export function createSupervisorLink(channel: MessageChannelLike, log: RunnerLog, initTimeoutMs: number | null = INIT_TIMEOUT_MS): SupervisorLink {
  let resolveInit: (init: InitMessage | null) => void = () => undefined;
  const init = new Promise<InitMessage | null>((resolve) => (resolveInit = resolve));
  let initReceived = false;
  const initTimer = initTimeoutMs === null ? undefined : setTimeout(() => resolveInit(null), initTimeoutMs);
  const stopController = new AbortController();
  let stopReason: StopReason | null = null;
  const gateWaiters = new Map<number, (answer: GateAnswer) => void>();
  const approvalWaiters = new Map<string, (answer: ApprovalAnswer) => void>();

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
        for (const resolve of approvalWaiters.values()) resolve({ decision: 'stop' });
        approvalWaiters.clear();
        return;
      case 'gate_result': {
        const resolve = gateWaiters.get(message.iteration);
        if (!resolve) return log(`gate_result for iteration ${message.iteration}, which nobody asked about`);
        gateWaiters.delete(message.iteration);
        const guidance = message.guidance ?? [];
        resolve(
          message.decision === 'go'
            ? { decision: 'go', ...(guidance.length > 0 ? { guidance } : {}) }
            : { decision: 'pause', reason: message.reason ?? 'paused' },
        );
        return;
      }
      case 'approval_result': {
        const resolve = approvalWaiters.get(message.requestId);
        if (!resolve) return log(`approval_result ${message.requestId} ignored: no such request is pending`);
        approvalWaiters.delete(message.requestId);
        resolve({
          decision: message.decision,
          scope: message.scope ?? 'once',
          endTurn: message.endTurn ?? false,
          by: message.by ?? 'user',
          ...(message.reason === undefined ? {} : { reason: message.reason }),
        });
        return;
      }
      case 'init':
        if (initReceived) return log('a second init was ignored');
        initReceived = true;
        clearTimeout(initTimer);
        resolveInit(message);
        return;
      default:
        // Parsed by SupervisorMessage, so only a new message type nobody handles yet gets here: tsc refuses that.
        return assertNever(message, 'SupervisorMessage');
    }
  });

  return {
    init,
    send: (message) => channel.send(message),
    requestGate(iteration) {
      if (stopController.signal.aborted) return Promise.resolve({ decision: 'stop' });
      return new Promise((resolve) => {
        gateWaiters.set(iteration, resolve);
        channel.send({ type: 'gate', iteration } satisfies RunnerMessage);
      });
    },
    requestApproval(question) {
      if (stopController.signal.aborted) return Promise.resolve({ decision: 'stop' });
      return new Promise((resolve) => {
        approvalWaiters.set(question.requestId, resolve);
        channel.send({ type: 'approval_request', ...question } satisfies RunnerMessage);
      });
    },
    stopSignal: stopController.signal,
    stopReason: () => stopReason,
    close() {
      clearTimeout(initTimer);
      unsubscribe();
      channel.close();
    },
  };
}
