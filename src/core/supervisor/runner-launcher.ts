import type { McpServerLaunch } from '../../shared/mcp';
import type { ModelSpec, RunnerMessage, SupervisorMessage } from '../../shared/protocol';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { Iteration, Run } from '../../shared/records';
import { type IterationSummary, SUMMARY_STORED_MAX } from '../../shared/context-mode';
import type { IterationsTable } from '../store/iterations-table';
import type { Logger } from '../logger';
import type { ProcessExit, RunnerHost } from '../runner-host/runner-host';
import type { CheckpointsTable } from '../store/checkpoints-table';
import type { EventsTable } from '../store/events-table';
import type { RunChanges, RunRow, RunsTable } from '../store/runs-table';
import type { SandboxSpec } from '../../shared/sandbox';
import type { VerifyCommand } from '../../shared/verify';
import type { TemplateRevisionsRepository } from '../store/template-revisions-repository';
import { type LiveRun, createLiveRun } from './live-run';
import type { LiveRunRegistry } from './live-run-registry';
import { createRunnerInbox } from './runner-inbox';
import { verifyFailuresInARow } from './verify-failures';

/** DESIGN §3: the runner answers `init` with `ready` within 5 s, or it is killed and the run ends as `spawn_failed`. */
export const HANDSHAKE_TIMEOUT_MS = 5_000;

/** Where a launch starts: a new run, or a stored run continued from its checkpoint. */
export type LaunchMode = 'fresh' | 'resume';

/** Starts runner processes for stored runs and hands the supervisor what they say and how they end. */
export interface RunnerLauncher {
  /** Starts a process for a stored run; `restarts` counts the crash restarts before this one. */
  launch(runId: string, mode: LaunchMode, restarts?: number): void;
}

export type RunnerLauncherDeps = Readonly<{
  host: RunnerHost;
  runs: Pick<RunsTable, 'getRun'> &
    Pick<CheckpointsTable, 'checkpointIteration' | 'loadConversation'> &
    Pick<EventsTable, 'listEventsOfKind'> &
    Pick<IterationsTable, 'listIterations'>;
  revisions: TemplateRevisionsRepository;
  registry: LiveRunRegistry;
  log: Logger;
  now(): Date;
  handshakeTimeoutMs: number;
  /** Turns a run's `provider/id` into what the runner loads (e.g. a script's absolute path). */
  resolveModel(model: string, workdir: string): ModelSpec;
  /** Provider keys for the runner; they travel in `init`, never in its environment. */
  secrets(model: string): Record<string, string>;
  mcpLaunches?(names: ReadonlyArray<string>): McpServerLaunch[];
  /** The binary chosen in settings for an external agent (`claude-code`, `codex`); undefined: none chosen. */
  agentPath?(agent: Run['agent']): string | undefined;
  outputDirOf(run: Run): string;
  /** How the run's processes are confined; throws, with what to do, when its sandbox is not available here. */
  sandboxOf?(row: RunRow): SandboxSpec;
  update(runId: string, changes: RunChanges): Run;
  /** The run will get no process (its `init` could not be built): it settled as given. */
  settled(runId: string, run: Run): void;
  /** A valid message from the runner. */
  onMessage(state: LiveRun, message: RunnerMessage): void;
  /** The runner sent too many invalid messages. */
  onProtocolError(state: LiveRun, detail: string): void;
  /** The process is gone and every message it sent was delivered. */
  onExit(state: LiveRun, exit: ProcessExit): void;
  /**
   * Handles a batch of runner messages (what it said in one turn of its event loop) as one unit: one
   * SQLite transaction, its events published once it committed. Without it, message by message.
   */
  inBatch?<T>(handle: () => T): T;
  /** Runs after the process is gone and before its exit is recorded (the worktree's last commits). */
  beforeExit?(runId: string): Promise<void>;
}>;

/** Where a resumed run continues: its checkpoint, and the count of failed verifications it had reached by then. */
function resumeOf(deps: RunnerLauncherDeps, run: Run, verify: ReadonlyArray<VerifyCommand>) {
  const runId = run.id;
  const iteration = deps.runs.checkpointIteration(runId);
  // Only a `carry` run continues a conversation; the others start one per iteration and store none.
  const messages = run.context === 'carry' ? (deps.runs.loadConversation(runId) as Record<string, unknown>[]) : [];
  // Events of iterations after the checkpoint belong to iterations the resumed run does again.
  const failures = verify.length > 0 ? verifyFailuresInARow(deps.runs.listEventsOfKind(runId, 'verify', iteration), verify) : 0;
  return {
    iteration,
    messages,
    ...(run.context === 'summaries' ? { summaries: summariesUpTo(deps.runs.listIterations(runId), iteration) } : {}),
    ...(failures > 0 ? { verifyFailuresInARow: failures } : {}),
  };
}

/** The finished iterations up to the checkpoint, as a `summaries` run's next iteration opens with them. */
function summariesUpTo(iterations: ReadonlyArray<Iteration>, checkpoint: number): IterationSummary[] {
  return iterations
    .filter((iteration) => iteration.n <= checkpoint && iteration.status !== 'running' && iteration.status !== 'interrupted')
    .map((iteration) => ({ n: iteration.n, summary: iteration.summary.slice(0, SUMMARY_STORED_MAX) }));
}

/** `{agentPath}` when settings choose the binary of the run's external agent; nothing otherwise. */
function agentPathOf(deps: RunnerLauncherDeps, run: Run): { agentPath?: string } {
  const chosen = run.agent === 'autoloop' ? undefined : deps.agentPath?.(run.agent);
  return chosen === undefined ? {} : { agentPath: chosen };
}

/** The `init` message for a stored run; throws when the run or its template revision is missing. */
function buildInit(deps: RunnerLauncherDeps, runId: string, mode: LaunchMode): SupervisorMessage {
  const row = deps.runs.getRun(runId);
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
    agent: run.agent,
    ...agentPathOf(deps, run),
    secrets: deps.secrets(run.model),
    limits: run.limits,
    permissions: run.permissions,
    loop,
    ...(run.context === 'carry' ? {} : { context: run.context }),
    ...(deps.sandboxOf ? { sandbox: deps.sandboxOf(row) } : {}),
    // The template's setup commands run once, before iteration 1 of a fresh run; a resumed run has had them.
    ...(mode === 'fresh' && row.setup && row.setup.length > 0 ? { setup: [...row.setup] } : {}),
    ...(run.mcp && run.mcp.length > 0 && deps.mcpLaunches ? { mcp: deps.mcpLaunches(run.mcp) } : {}),
    // Resume from the checkpoint, not from the iteration count: an engine killed between an
    // iteration's `iteration_done` and its `checkpoint` runs that iteration again.
    ...(mode === 'resume' ? { resume: resumeOf(deps, run, loop.verify) } : {}),
  };
}

/** Launches runners: `init`, the handshake deadline, message intake and the exit, in that order (DESIGN §3). */
export function createRunnerLauncher(deps: RunnerLauncherDeps): RunnerLauncher {
  const { log } = deps;

  function watchHandshake(state: LiveRun): NodeJS.Timeout {
    return setTimeout(() => {
      if (state.ready) return;
      state.stopReason ??= 'spawn_failed';
      state.stopDetail ??= `The runner did not answer within ${deps.handshakeTimeoutMs / 1000} s. ${state.connection.stderrTail().slice(-1_000)}`.trim();
      state.connection.kill('SIGKILL');
    }, deps.handshakeTimeoutMs);
  }

  return {
    launch(runId, mode, restarts = 0) {
      if (deps.registry.has(runId)) throw new Error(`run ${runId} already has a process`);
      let init: SupervisorMessage;
      try {
        init = buildInit(deps, runId, mode);
      } catch (error) {
        deps.settled(runId, deps.update(runId, { status: 'ended', stopReason: 'spawn_failed', detail: String(error), endedAt: deps.now().toISOString() }));
        return;
      }
      deps.update(runId, { status: 'starting', pauseReason: null, ...(mode === 'fresh' ? { startedAt: deps.now().toISOString() } : {}) });
      const connection = deps.host.start(runId);
      const state = createLiveRun(runId, connection, restarts, Date.now());
      deps.registry.add(state);
      const inbox = createRunnerInbox(
        runId,
        {
          onMessage: (message) => {
            try {
              deps.onMessage(state, message);
            } catch (error) {
              log.error(`run ${runId}: handling ${message.type} failed`, error);
            }
          },
          onProtocolError: (detail) => deps.onProtocolError(state, detail),
        },
        log,
      );
      connection.onMessage((raw) => {
        state.lastHeardAt = Date.now();
        state.pingSentAt = null;
        if (!Array.isArray(raw) || !deps.inBatch) return inbox(raw);
        try {
          deps.inBatch(() => inbox(raw));
        } catch (error) {
          log.error(`run ${runId}: storing a batch of ${raw.length} messages failed`, error);
        }
      });
      const handshake = watchHandshake(state);
      connection.send(init);
      void connection.exited.then(async (exit) => {
        clearTimeout(handshake);
        await state.stopping;
        await deps.beforeExit?.(runId).catch((error: unknown) => log.error(`run ${runId}: after its process ended`, error));
        deps.onExit(state, exit);
      });
    },
  };
}
