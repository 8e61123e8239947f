import type { Run, RunEvent, StopReason } from '../../shared/records';
import type { RunnerControl } from '../approvals/approval-broker';
import { createDeltaCoalescer } from '../events/delta-coalescer';
import type { RunChanges } from '../store/runs-repository';
import { recordGuidance } from './guidance';
import type { LiveRun } from './live-run';
import { createLiveRunRegistry } from './live-run-registry';
import { PONG_TIMEOUT_MS, SILENCE_BEFORE_PING_MS } from './liveness';
import { watchLiveness } from './liveness-monitor';
import { createRestartScheduler } from './restart-scheduler';
import { createRunFinalizer } from './run-finalizer';
import { HANDSHAKE_TIMEOUT_MS, type LaunchMode, createRunnerLauncher } from './runner-launcher';
import { type RunCommands, createRunCommands } from './run-commands';
import { type MessageContext, handleRunnerMessage } from './runner-message-handler';
import { STOP_GRACE_MS, stopLiveRun } from './stop-ladder';
import type { SupervisorDeps } from './supervisor-deps';

export type { SupervisorDeps } from './supervisor-deps';

/** What the rest of the engine may ask of the supervisor (DESIGN §2–§4). */
export interface Supervisor extends RunCommands, RunnerControl {
  /** Starts a process for a stored run: fresh, or resumed from its checkpoint under the same id. */
  launch(runId: string, mode: LaunchMode): void;
  /** Writes every buffered event now (before a read of the log, and at shutdown). */
  flushEvents(): void;
  /** Stores a person's note to a running or paused run, for its next iteration's prompt; the caller checks the run may take it. */
  guide(run: Run, text: string): RunEvent;
  dispose(): void;
}

/** Starts, watches and stops runner processes; the only writer of a live run's state (DESIGN §2–§4). */
export function createSupervisor(deps: SupervisorDeps): Supervisor {
  const { runs, bus, log } = deps;
  const now = deps.now ?? (() => new Date());
  const registry = createLiveRunRegistry();
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

  const forceStop = (state: LiveRun, reason: StopReason, detail: string): Promise<void> =>
    stopLiveRun(state, reason, detail, deps.stopGraceMs ?? STOP_GRACE_MS);
  const restarts = createRestartScheduler({ backoff: deps.backoff, relaunch: (runId, attempt) => launcher.launch(runId, 'resume', attempt) });
  const launch = (runId: string, mode: LaunchMode): void => launcher.launch(runId, mode);
  const finalize = createRunFinalizer({
    runs,
    bus,
    registry,
    restarts,
    log,
    now,
    update,
    notice,
    flushEvents: (runId) => coalescer.flush(runId),
    cancelApprovals: (runId, why) => deps.approvals.cancelForRun(runId, why),
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
    // The agent's message that led to the request is read from the stored log: write what is buffered first.
    requestApproval: (runId, message) => {
      coalescer.flush(runId);
      deps.events.flush();
      deps.approvals.request(runId, message);
    },
    accountant: deps.accountant,
    stop: (state, reason, detail) => void forceStop(state, reason, detail),
    ...(deps.commits ? { commits: deps.commits } : {}),
  };
  const launcher = createRunnerLauncher({
    host: deps.host,
    runs,
    revisions: deps.revisions,
    registry,
    log,
    now,
    handshakeTimeoutMs: deps.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
    resolveModel: deps.resolveModel,
    secrets: deps.secrets,
    ...(deps.mcpLaunches ? { mcpLaunches: deps.mcpLaunches } : {}),
    ...(deps.agentPath ? { agentPath: deps.agentPath } : {}),
    outputDirOf: deps.outputDirOf,
    ...(deps.sandboxOf ? { sandboxOf: deps.sandboxOf } : {}),
    update,
    settled: (runId, run) => registry.settle(runId, run),
    onMessage: (state, message) => handleRunnerMessage(context, state, message),
    inBatch: (handle) => bus.hold(() => deps.db.transaction(handle)()),
    onProtocolError: (state, detail) => {
      notice(state.runId, 'error', { message: `Stopped: ${detail}` });
      void forceStop(state, 'protocol_error', detail);
    },
    onExit: finalize,
    ...(deps.commits ? { beforeExit: deps.commits.settle } : {}),
  });
  // A run that ends without ever having had a process (taken out of the concurrency queue) settles its waiters here.
  const stopSettlingUnlaunched = bus.subscribe((event) => {
    if (event.type === 'run.updated' && event.run.status === 'ended' && !registry.has(event.run.id)) registry.settle(event.run.id, event.run);
  });
  const stopWatching = watchLiveness(registry, deps.liveness ?? { silenceMs: SILENCE_BEFORE_PING_MS, pongTimeoutMs: PONG_TIMEOUT_MS }, log);
  const commands = createRunCommands({ runs, registry, restarts, log, now, update, forceStop, launch });

  return {
    ...commands,
    launch,
    flushEvents() {
      coalescer.flushAll();
      deps.events.flush();
    },
    guide(run, text) {
      return recordGuidance(
        {
          db: deps.db,
          runs,
          bus,
          now,
          flushEvents: () => {
            coalescer.flush(run.id);
            deps.events.flush();
          },
        },
        run,
        text,
      );
    },
    sendToRunner(runId, message) {
      const state = registry.get(runId);
      state?.connection.send(message);
      return state !== undefined;
    },
    pauseAtNextGate(runId, reason) {
      const state = registry.get(runId);
      if (state) state.pauseRequested = reason;
    },
    end(runId, reason, detail) {
      const state = registry.get(runId);
      if (state) void forceStop(state, reason, detail);
    },
    dispose() {
      stopWatching();
      stopSettlingUnlaunched();
    },
  };
}
