import { randomUUID } from 'node:crypto';
import type { ModelSpec, SupervisorMessage } from '../../shared/protocol';
import type { SandboxSpec } from '../../shared/sandbox';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { Limits, PauseReason, Run, StopReason } from '../../shared/records';
import { createDeltaCoalescer } from '../events/delta-coalescer';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { ProcessExit, RunnerHost } from '../runner-host/runner-host';
import type { Db } from '../store/database';
import type { RunChanges, RunRow, RunsRepository } from '../store/runs-repository';
import type { EventWriter } from '../events/event-writer';
import type { TemplateRevisionsRepository } from '../store/template-revisions-repository';
import { type LiveRun, createLiveRun } from './live-run';
import { type Decision, createApprovalBroker } from '../approvals/approval-broker';
import type { ApprovalsRepository } from '../store/approvals-repository';
import type { Accountant } from '../budget/accountant';
import { type LivenessOptions, PONG_TIMEOUT_MS, SILENCE_BEFORE_PING_MS, livenessAction } from './liveness';
import { type BackoffOptions, DEFAULT_BACKOFF, restartDelayMs, shouldRestart } from './restart-policy';
import { decideOutcome } from './run-outcome';
import { createRunnerInbox } from './runner-inbox';
import { type MessageContext, handleRunnerMessage } from './runner-message-handler';
import { STOP_GRACE_MS, runStopLadder } from './stop-ladder';

export const HANDSHAKE_TIMEOUT_MS = 5_000; // DESIGN §3: `ready` within 5 s or `spawn_failed`
const LIVENESS_CHECK_MS = 1_000;

export type SupervisorDeps = Readonly<{
  host: RunnerHost;
  db: Db;
  runs: RunsRepository;
  revisions: TemplateRevisionsRepository;
  bus: EventBus;
  approvals: ApprovalsRepository;
  accountant: Accountant;
  /** Batches event writes; the supervisor feeds it coalesced events. */
  events: EventWriter;
  log: Logger;
  /** Turns a run's `provider/id` into what the runner loads (e.g. a script's absolute path). */
  resolveModel(model: string, workdir: string): ModelSpec;
  /** Provider keys for the runner; they travel in `init`, never in its environment. */
  secrets(model: string): Record<string, string>;
  outputDirOf(run: Run): string;
  /** How the run's processes are confined; throws, with what to do, when its sandbox is not available here. */
  sandboxOf?(row: RunRow): SandboxSpec;
  handshakeTimeoutMs?: number;
  stopGraceMs?: number;
  liveness?: LivenessOptions;
  backoff?: BackoffOptions;
  now?: () => Date;
}>;

export type Supervisor = ReturnType<typeof createSupervisor>;

/** Starts, watches and stops runner processes; the only writer of a live run's state (DESIGN §2–§4). */
export function createSupervisor(deps: SupervisorDeps) {
  const { runs, bus, log } = deps;
  const now = deps.now ?? (() => new Date());
  const handshakeTimeoutMs = deps.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS;
  const liveness = deps.liveness ?? { silenceMs: SILENCE_BEFORE_PING_MS, pongTimeoutMs: PONG_TIMEOUT_MS };
  const live = new Map<string, LiveRun>();
  const pendingRestarts = new Map<string, NodeJS.Timeout>();
  const settleWaiters = new Map<string, Array<(run: Run) => void>>();

  const update = (runId: string, changes: RunChanges): Run => {
    const run = runs.updateRun(runId, changes);
    bus.publish({ type: 'run.updated', run });
    return run;
  };
  const coalescer = createDeltaCoalescer((events) => deps.events.enqueue(events));
  const notice = (runId: string, kind: 'notice' | 'error', data: Record<string, unknown>): void => {
    coalescer.push({ runId, iteration: 0, kind, data, at: now().toISOString() });
    coalescer.flush(runId);
  };
  const storedRun = (runId: string): Run => {
    const row = runs.getRun(runId);
    if (!row) throw new Error(`run ${runId} is not in the database`);
    return row.run;
  };
  const broker = createApprovalBroker({
    approvals: deps.approvals,
    bus,
    now,
    runOf: storedRun,
    update,
    sendToRunner(runId, message) {
      const state = live.get(runId);
      state?.connection.send(message);
      return state !== undefined;
    },
    pauseRun(runId, reason) {
      const state = live.get(runId);
      if (state) state.pauseRequested = reason;
    },
    stopRun(runId, reason, detail) {
      const state = live.get(runId);
      if (state) void forceStop(state, reason, detail);
    },
  });
  const context: MessageContext = {
    db: deps.db,
    runs,
    bus,
    log,
    coalescer,
    now,
    update,
    send: (state, message) => state.connection.send(message),
    requestApproval: (runId, message) => void broker.request(runId, message),
    accountant: deps.accountant,
  };

  function settle(runId: string, run: Run): void {
    for (const resolve of settleWaiters.get(runId) ?? []) resolve(run);
    settleWaiters.delete(runId);
  }

  /** Ends the process and records `reason`, whatever the runner does. */
  function forceStop(state: LiveRun, reason: StopReason, detail: string): Promise<void> {
    state.stopReason ??= reason;
    state.stopDetail ??= detail || null;
    state.stopping ??= runStopLadder(state.connection, reason, deps.stopGraceMs ?? STOP_GRACE_MS).then(({ step }) => {
      state.ladderStep = step;
    });
    return state.stopping;
  }

  // Liveness: a runner silent for 30 s gets a ping; no pong in 10 s and it is killed as unresponsive.
  const livenessTimer = setInterval(() => {
    const at = Date.now();
    for (const state of live.values()) {
      const action = livenessAction(state, at, liveness);
      if (action === 'ping') {
        state.pingSentAt = at;
        state.connection.send({ type: 'ping', nonce: randomUUID() });
      } else if (action === 'kill' && !state.unresponsive) {
        state.unresponsive = true;
        log.warn(`run ${state.runId}: no pong within ${liveness.pongTimeoutMs} ms; killing the runner`);
        state.connection.kill('SIGKILL');
      }
    }
  }, Math.min(LIVENESS_CHECK_MS, liveness.pongTimeoutMs));
  livenessTimer.unref();

  function markInterruptedIterations(runId: string): void {
    for (const iteration of runs.listIterations(runId).filter((it) => it.status === 'running')) {
      const interrupted = { ...iteration, status: 'interrupted' as const, endedAt: now().toISOString() };
      runs.saveIteration(interrupted);
      bus.publish({ type: 'run.iteration', iteration: interrupted });
    }
  }

  /** Records how the process ended; restarts it after a crash when the run's policy says so. */
  function finalize(state: LiveRun, exit: ProcessExit): void {
    const { runId } = state;
    coalescer.flush(runId);
    markInterruptedIterations(runId);
    // Nothing stays pending for a run without a process: it never shows ended while it waits (issue 6).
    broker.cancelForRun(runId, 'the run stopped waiting: its process ended');
    const outcome = decideOutcome({ ...state, exit }, now().toISOString());
    // Identity guard: a stale handle never removes its successor.
    if (live.get(runId) === state) live.delete(runId);
    if (outcome.stopReason === 'crash' || outcome.stopReason === 'spawn_failed') {
      notice(runId, 'error', { message: outcome.detail, exitCode: exit.code, signal: exit.signal, stderrTail: exit.stderrTail });
    }
    const loop = runs.getRun(runId)?.loop;
    if (outcome.stopReason === 'crash' && loop && shouldRestart({ policy: loop.restartPolicy, maxRestarts: loop.maxRestarts }, state.restarts)) {
      const delayMs = restartDelayMs(state.restarts, deps.backoff ?? DEFAULT_BACKOFF);
      const attempt = state.restarts + 1;
      update(runId, { status: 'starting', detail: `Crashed; restarting in ${(delayMs / 1000).toFixed(1)} s (restart ${attempt} of ${loop.maxRestarts})` });
      notice(runId, 'notice', { message: `The runner crashed; restart ${attempt} of ${loop.maxRestarts} in ${delayMs} ms` });
      pendingRestarts.set(
        runId,
        setTimeout(() => {
          pendingRestarts.delete(runId);
          launch(runId, 'resume', attempt);
        }, delayMs),
      );
      return;
    }
    if (outcome.stopReason === 'crash' && loop?.restartPolicy === 'on-crash') {
      notice(runId, 'notice', { message: `The runner crashed and its ${loop.maxRestarts} restarts are used up` });
    }
    const run = update(runId, outcome);
    log.info(`run ${runId} ${run.status}${run.stopReason ? ` (${run.stopReason})` : ''}${run.pauseReason ? ` (${run.pauseReason})` : ''}`);
    settle(runId, run);
  }

  function initFor(runId: string, resume: boolean): SupervisorMessage {
    const row = runs.getRun(runId);
    if (!row) throw new Error(`run ${runId} is not in the database`);
    const { run, loop, params } = row;
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
      secrets: deps.secrets(run.model),
      limits: run.limits,
      permissions: run.permissions,
      loop,
      ...(deps.sandboxOf ? { sandbox: deps.sandboxOf(row) } : {}),
      // Resume from the checkpoint, not from the iteration count: an engine killed between an
      // iteration's `iteration_done` and its `checkpoint` runs that iteration again.
      ...(resume ? { resume: { iteration: runs.checkpointIteration(runId), messages: runs.loadConversation(runId) as Record<string, unknown>[] } } : {}),
    };
  }

  function launch(runId: string, mode: 'fresh' | 'resume', restarts = 0): void {
    if (live.has(runId)) throw new Error(`run ${runId} already has a process`);
    let init: SupervisorMessage;
    try {
      init = initFor(runId, mode === 'resume');
    } catch (error) {
      settle(runId, update(runId, { status: 'ended', stopReason: 'spawn_failed', detail: String(error), endedAt: now().toISOString() }));
      return;
    }
    update(runId, { status: 'starting', pauseReason: null, ...(mode === 'fresh' ? { startedAt: now().toISOString() } : {}) });
    const connection = deps.host.start(runId);
    const state = createLiveRun(runId, connection, restarts, Date.now());
    live.set(runId, state);
    const inbox = createRunnerInbox(
      runId,
      {
        onMessage: (message) => {
          try {
            handleRunnerMessage(context, state, message);
          } catch (error) {
            log.error(`run ${runId}: handling ${message.type} failed`, error);
          }
        },
        onProtocolError: (detail) => {
          notice(runId, 'error', { message: `Stopped: ${detail}` });
          void forceStop(state, 'protocol_error', detail);
        },
      },
      log,
    );
    connection.onMessage((raw) => {
      state.lastHeardAt = Date.now();
      state.pingSentAt = null;
      inbox(raw);
    });
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
      try {
        finalize(state, exit);
      } catch (error) {
        // A database error here must not leave the run's waiters hanging or become an unhandled rejection.
        log.error(`run ${runId}: recording how its process ended failed`, error);
        if (live.get(runId) === state) live.delete(runId);
        const stored = runs.getRun(runId)?.run;
        if (stored) settle(runId, stored);
      }
    });
  }

  return {
    /** Starts a process for a stored run: fresh, or resumed from its checkpoint under the same id. */
    launch: (runId: string, mode: 'fresh' | 'resume'): void => launch(runId, mode),

    /** Stops a run: its process through the stop ladder, a pending restart, or at once when it has neither. */
    async stop(runId: string, reason: StopReason = 'user_stop'): Promise<Run> {
      const restart = pendingRestarts.get(runId);
      if (restart) {
        clearTimeout(restart);
        pendingRestarts.delete(runId);
      }
      const state = live.get(runId);
      if (!state) {
        const run = storedRun(runId);
        if (run.status === 'ended') return run;
        const ended = update(runId, { status: 'ended', stopReason: reason, pauseReason: null, endedAt: now().toISOString() });
        settle(runId, ended);
        return ended;
      }
      const settled = this.finished(runId);
      update(runId, { status: 'stopping' });
      await forceStop(state, reason, '');
      return settled;
    },

    /** Asks a run to pause at its next gate (the current iteration finishes first); null when it has no process. */
    requestPause(runId: string, reason: PauseReason = 'user'): Run | null {
      const state = live.get(runId);
      if (!state || state.stopReason) return null;
      state.pauseRequested = reason;
      return update(runId, { detail: 'Pausing after the current iteration' });
    },

    /** Resumes a paused run under the same id, with raised limits when given; the gate decides again. */
    resume(runId: string, limits?: Limits): Run {
      // A crashed run resumes like a paused one: from its checkpoint, under the same id.
      update(runId, { ...(limits ? { limits } : {}), stopReason: null, endedAt: null });
      launch(runId, 'resume');
      return storedRun(runId);
    },

    /** Pauses every live run now (`shutdown`); each resumes later from its checkpoint. */
    async pauseAllForShutdown(): Promise<Run[]> {
      for (const [runId, timer] of pendingRestarts) {
        clearTimeout(timer);
        pendingRestarts.delete(runId);
        settle(runId, update(runId, { status: 'paused', pauseReason: 'shutdown', detail: 'Autoloop was shut down during a restart' }));
      }
      return Promise.all(
        [...live.values()].map((state) => {
          const settled = this.finished(state.runId);
          state.pauseOnExit = true;
          void forceStop(state, 'user_stop', 'shutdown');
          return settled;
        }),
      );
    },

    stopAll(reason: StopReason = 'user_stop'): Promise<Run[]> {
      return Promise.all([...new Set([...live.keys(), ...pendingRestarts.keys()])].map((runId) => this.stop(runId, reason)));
    },

    isLive: (runId: string): boolean => live.has(runId) || pendingRestarts.has(runId),
    liveRunIds: (): string[] => [...live.keys()],
    pidOf: (runId: string): number | null => live.get(runId)?.connection.pid ?? null,
    /** Resolves when the run has no process and no pending restart (ended or paused). */
    finished(runId: string): Promise<Run> {
      if (!live.has(runId) && !pendingRestarts.has(runId)) return Promise.resolve(storedRun(runId));
      return new Promise((resolve) => settleWaiters.set(runId, [...(settleWaiters.get(runId) ?? []), resolve]));
    },
    /** Writes every buffered event now (before a read of the log, and at shutdown). */
    flushEvents(): void {
      coalescer.flushAll();
      deps.events.flush();
    },
    /** A person's answer to an approval request (not_found / conflict when it cannot apply). */
    decideApproval: (id: string, decision: Decision) => broker.decide(id, decision),
    dispose(): void {
      clearInterval(livenessTimer);
      broker.dispose();
    },
  };
}
