import type { ModelSpec, RunnerMessage, RunnerMessageOf, SupervisorMessage } from '../../shared/protocol';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { PauseReason, Run, StopReason } from '../../shared/records';
import { decideGate } from '../budget/decide-gate';
import { addCost, costOf } from '../budget/prices';
import { createDeltaCoalescer } from '../events/delta-coalescer';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { ProcessExit, RunnerConnection, RunnerHost } from '../runner-host/runner-host';
import type { NewEvent, RunsRepository } from '../store/runs-repository';
import type { TemplateRevisionsRepository } from '../store/template-revisions-repository';
import { type LadderStep, STOP_GRACE_MS, runStopLadder } from './stop-ladder';
import { createRunnerInbox } from './runner-inbox';

export const HANDSHAKE_TIMEOUT_MS = 5_000; // DESIGN §3: `ready` within 5 s or `spawn_failed`

export type SupervisorDeps = Readonly<{
  host: RunnerHost;
  runs: RunsRepository;
  revisions: TemplateRevisionsRepository;
  bus: EventBus;
  log: Logger;
  /** Turns a run's `provider/id` into what the runner loads (e.g. a script's absolute path). */
  resolveModel(model: string, workdir: string): ModelSpec;
  /** Provider keys for the runner; they travel in `init`, never in its environment. */
  secrets(): Record<string, string>;
  outputDirOf(run: Run): string;
  handshakeTimeoutMs?: number;
  stopGraceMs?: number;
  now?: () => Date;
}>;

/** What the supervisor knows about one live runner process. */
type LiveRun = {
  readonly runId: string;
  readonly connection: RunnerConnection;
  ready: boolean;
  exitMessage: RunnerMessageOf<'exit'> | null;
  /** A stop someone asked for; the run ends with this reason even if the runner has to be killed. */
  stopReason: StopReason | null;
  stopDetail: string | null;
  ladderStep: LadderStep | null;
  /** A pause someone asked for, answered at the next gate. */
  pauseRequested: PauseReason | null;
  /** The pause the last gate answered with. */
  gatePause: Readonly<{ reason: PauseReason; detail: string }> | null;
  /** Shutdown: stop the process now, but leave the run paused and resumable. */
  pauseOnExit: boolean;
  stopping: Promise<void> | null;
  readonly iterationUsage: Map<number, { inputTokens: number; outputTokens: number; costUsd: number | null }>;
  readonly finished: Promise<Run>;
};

export type Supervisor = ReturnType<typeof createSupervisor>;

/** Starts, watches and stops runner processes; the only writer of a live run's state (DESIGN §2–§4). */
export function createSupervisor(deps: SupervisorDeps) {
  const { runs, bus, log } = deps;
  const now = deps.now ?? (() => new Date());
  const handshakeTimeoutMs = deps.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS;
  const live = new Map<string, LiveRun>();

  const writeEvents = (events: NewEvent[]): void => {
    for (const event of runs.appendEvents(events)) bus.publish({ type: 'run.event', event });
  };
  const coalescer = createDeltaCoalescer(writeEvents);
  const addEvent = (runId: string, iteration: number, kind: NewEvent['kind'], data: Record<string, unknown>): void =>
    coalescer.push({ runId, iteration, kind, data, at: now().toISOString() });

  const update = (runId: string, changes: Parameters<RunsRepository['updateRun']>[1]): Run => {
    const run = runs.updateRun(runId, changes);
    bus.publish({ type: 'run.updated', run });
    return run;
  };

  const send = (state: LiveRun, message: SupervisorMessage): void => state.connection.send(message);

  function handleMessage(state: LiveRun, message: RunnerMessage): void {
    const { runId } = state;
    switch (message.type) {
      case 'ready':
        state.ready = true;
        if (!state.stopReason) update(runId, { status: 'running' });
        return;
      case 'gate': {
        const { run } = runs.getRun(runId) ?? missing(runId);
        const decision = decideGate({
          pauseRequested: state.pauseRequested !== null,
          usage: { tokens: run.inputTokens + run.outputTokens, costUsd: run.costUsd },
          limits: run.limits,
        });
        if (decision.decision === 'pause') {
          state.gatePause = { reason: state.pauseRequested ?? decision.reason, detail: decision.detail };
          send(state, { type: 'gate_result', iteration: message.iteration, decision: 'pause', reason: decision.detail, remaining: {} });
        } else {
          send(state, { type: 'gate_result', iteration: message.iteration, decision: 'go', remaining: {} });
        }
        return;
      }
      case 'iteration_started': {
        const iteration = {
          runId,
          n: message.iteration,
          status: 'running' as const,
          summary: '',
          durationMs: null,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: 0,
          startedAt: message.startedAt,
          endedAt: null,
        };
        runs.saveIteration(iteration);
        state.iterationUsage.set(message.iteration, { inputTokens: 0, outputTokens: 0, costUsd: 0 });
        bus.publish({ type: 'run.iteration', iteration });
        return;
      }
      case 'event':
        addEvent(runId, message.iteration, message.kind, message.data);
        return;
      case 'usage': {
        const { run } = runs.getRun(runId) ?? missing(runId);
        const cost = message.costUsd ?? costOf(run.model, message);
        const usage = state.iterationUsage.get(message.iteration) ?? { inputTokens: 0, outputTokens: 0, costUsd: 0 };
        usage.inputTokens += message.inputTokens;
        usage.outputTokens += message.outputTokens;
        usage.costUsd = addCost(usage.costUsd, cost);
        state.iterationUsage.set(message.iteration, usage);
        update(runId, {
          inputTokens: run.inputTokens + message.inputTokens,
          outputTokens: run.outputTokens + message.outputTokens,
          costUsd: addCost(run.costUsd, cost),
        });
        return;
      }
      case 'iteration_done': {
        // The log's last lines belong before the iteration is reported done.
        coalescer.flush(runId);
        const started = runs.getIteration(runId, message.iteration);
        const usage = state.iterationUsage.get(message.iteration) ?? { inputTokens: 0, outputTokens: 0, costUsd: 0 };
        const iteration = {
          runId,
          n: message.iteration,
          status: message.status,
          summary: message.summary,
          durationMs: message.durationMs,
          ...usage,
          startedAt: started?.startedAt ?? now().toISOString(),
          endedAt: now().toISOString(),
        };
        // Persist first, then publish: a listener never hears of an iteration the database lacks (DESIGN §3).
        runs.saveIteration(iteration, message.failure);
        state.iterationUsage.delete(message.iteration);
        bus.publish({ type: 'run.iteration', iteration });
        update(runId, { iterations: message.iteration });
        return;
      }
      case 'checkpoint':
        runs.saveCheckpoint(runId, message.iteration, message.messages, message.replace);
        return;
      case 'exit':
        state.exitMessage = message;
        return;
      case 'approval_request':
        log.warn(`run ${runId}: approval_request ${message.requestId} for ${message.tool}: approvals are not handled yet; denying`);
        send(state, { type: 'approval_result', requestId: message.requestId, decision: 'deny', reason: 'approvals are not available yet' });
        return;
      case 'pong':
        return;
    }
  }

  /** Ends the process and records `reason`, whatever the runner does. */
  function forceStop(state: LiveRun, reason: StopReason, detail: string): Promise<void> {
    state.stopReason ??= reason;
    state.stopDetail ??= detail;
    state.stopping ??= runStopLadder(state.connection, reason, deps.stopGraceMs ?? STOP_GRACE_MS).then(({ step }) => {
      state.ladderStep = step;
    });
    return state.stopping;
  }

  function outcomeOf(state: LiveRun, exit: ProcessExit): Parameters<RunsRepository['updateRun']>[1] {
    const endedAt = now().toISOString();
    const exitDetails = `exit code ${exit.code ?? 'none'}, signal ${exit.signal ?? 'none'}`;
    if (state.pauseOnExit) {
      return { status: 'paused', pauseReason: 'shutdown', stopReason: null, detail: 'Autoloop was shut down; resume to continue' };
    }
    const exitMessage = state.exitMessage;
    if (exitMessage?.reason === 'paused') {
      return { status: 'paused', pauseReason: state.gatePause?.reason ?? 'user', detail: state.gatePause?.detail ?? exitMessage.detail ?? null };
    }
    // A stop someone asked for wins over what the runner says: a stopped run ends as stopped.
    if (state.stopReason) {
      const killed = state.ladderStep && state.ladderStep !== 'stop' ? ` (the runner ignored stop and got ${state.ladderStep})` : '';
      return { status: 'ended', stopReason: state.stopReason, detail: `${state.stopDetail ?? ''}${killed}` || null, endedAt };
    }
    if (exitMessage) return { status: 'ended', stopReason: exitMessage.reason, detail: exitMessage.detail ?? null, endedAt };
    const tail = exit.stderrTail.trim();
    return {
      status: 'ended',
      stopReason: 'crash',
      detail: `The runner exited without saying why: ${exitDetails}.${tail ? ` Last output:\n${tail.slice(-1_000)}` : ''}`,
      endedAt,
    };
  }

  function finalize(state: LiveRun, exit: ProcessExit): Run {
    const { runId } = state;
    coalescer.flush(runId);
    const outcome = outcomeOf(state, exit);
    for (const iteration of runs.listIterations(runId).filter((it) => it.status === 'running')) {
      const interrupted = { ...iteration, status: 'interrupted' as const, endedAt: now().toISOString() };
      runs.saveIteration(interrupted);
      bus.publish({ type: 'run.iteration', iteration: interrupted });
    }
    if (outcome.stopReason === 'crash' || outcome.stopReason === 'spawn_failed') {
      addEvent(runId, 0, 'error', { message: outcome.detail, exitCode: exit.code, signal: exit.signal, stderrTail: exit.stderrTail });
      coalescer.flush(runId);
    }
    // Identity guard: a stale handle never removes its successor.
    if (live.get(runId) === state) live.delete(runId);
    const run = update(runId, outcome);
    log.info(`run ${runId} ${run.status}${run.stopReason ? ` (${run.stopReason})` : ''}${run.pauseReason ? ` (${run.pauseReason})` : ''}`);
    return run;
  }

  function initFor(runId: string, resume: boolean): SupervisorMessage {
    const { run, loop, params } = runs.getRun(runId) ?? missing(runId);
    const text = deps.revisions.text(run.templateRevision);
    if (text === null) throw new Error(`run ${runId}: its template revision ${run.templateRevision} is missing`);
    return {
      type: 'init',
      protocol: PROTOCOL_VERSION,
      runId,
      name: run.name,
      template: { text, revision: run.templateRevision },
      params,
      workdir: run.workdir,
      outputDir: deps.outputDirOf(run),
      model: deps.resolveModel(run.model, run.workdir),
      secrets: deps.secrets(),
      limits: run.limits,
      permissions: run.permissions,
      loop,
      ...(resume ? { resume: { iteration: run.iterations, messages: runs.loadConversation(runId) as Record<string, unknown>[] } } : {}),
    };
  }

  return {
    /** Starts a process for a stored run (fresh, or resumed from its checkpoint). Resolves when the process is gone. */
    launch(runId: string, mode: 'fresh' | 'resume'): Promise<Run> {
      if (live.has(runId)) throw new Error(`run ${runId} already has a process`);
      const init = initFor(runId, mode === 'resume');
      update(runId, { status: 'starting', pauseReason: null, ...(mode === 'fresh' ? { startedAt: now().toISOString() } : {}) });
      const connection = deps.host.start(runId);
      let resolveFinished!: (run: Run) => void;
      const state: LiveRun = {
        runId,
        connection,
        ready: false,
        exitMessage: null,
        stopReason: null,
        stopDetail: null,
        ladderStep: null,
        pauseRequested: null,
        gatePause: null,
        pauseOnExit: false,
        stopping: null,
        iterationUsage: new Map(),
        finished: new Promise<Run>((resolve) => (resolveFinished = resolve)),
      };
      live.set(runId, state);
      connection.onMessage(
        createRunnerInbox(
          runId,
          {
            onMessage: (message) => {
              try {
                handleMessage(state, message);
              } catch (error) {
                log.error(`run ${runId}: handling ${message.type} failed`, error);
              }
            },
            onProtocolError: (detail) => void forceStop(state, 'protocol_error', detail),
          },
          log,
        ),
      );
      const handshake = setTimeout(() => {
        if (state.ready) return;
        state.stopReason ??= 'spawn_failed';
        state.stopDetail ??= `The runner did not answer within ${handshakeTimeoutMs / 1000} s. ${connection.stderrTail().slice(-1_000)}`.trim();
        connection.kill('SIGKILL');
      }, handshakeTimeoutMs);
      connection.send(init);
      void connection.exited.then(async (exit) => {
        clearTimeout(handshake);
        await state.stopping;
        resolveFinished(finalize(state, exit));
      });
      return state.finished;
    },

    /** Stops a run: its process through the stop ladder, or at once when it has none. */
    async stop(runId: string, reason: StopReason = 'user_stop'): Promise<Run> {
      const state = live.get(runId);
      if (!state) {
        const { run } = runs.getRun(runId) ?? missing(runId);
        if (run.status === 'ended') return run;
        return update(runId, { status: 'ended', stopReason: reason, pauseReason: null, endedAt: now().toISOString() });
      }
      update(runId, { status: 'stopping' });
      await forceStop(state, reason, '');
      return state.finished;
    },

    /** Asks a run to pause at its next gate (the current iteration finishes first). */
    requestPause(runId: string, reason: PauseReason = 'user'): boolean {
      const state = live.get(runId);
      if (!state) return false;
      state.pauseRequested = reason;
      return true;
    },

    /** Pauses every live run now (their checkpoints stay; each resumes with one click). */
    async pauseAllForShutdown(): Promise<Run[]> {
      return Promise.all(
        [...live.values()].map((state) => {
          state.pauseOnExit = true;
          void forceStop(state, 'user_stop', 'shutdown');
          return state.finished;
        }),
      );
    },

    stopAll(reason: StopReason = 'user_stop'): Promise<Run[]> {
      return Promise.all([...live.keys()].map((runId) => this.stop(runId, reason)));
    },

    isLive: (runId: string): boolean => live.has(runId),
    liveRunIds: (): string[] => [...live.keys()],
    pidOf: (runId: string): number | null => live.get(runId)?.connection.pid ?? null,
    /** Resolves when the run's current process is gone (ended or paused); null when it has none. */
    finished: (runId: string): Promise<Run> | null => live.get(runId)?.finished ?? null,
    flushEvents: (): void => coalescer.flushAll(),
  };
}

function missing(runId: string): never {
  throw new Error(`run ${runId} is not in the database`);
}
