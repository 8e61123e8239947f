import type { RunnerMessage, RunnerMessageOf, SupervisorMessage } from '../../shared/protocol';
import type { Iteration, Run, StopReason } from '../../shared/records';
import { assertNever } from '../../shared/assert';
import type { Accountant } from '../budget/accountant';
import { addCost } from '../budget/prices';
import { addTokens } from '../../shared/usage-bounds';
import type { DeltaCoalescer } from '../events/delta-coalescer';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { Db } from '../store/database';
import type { RunChanges, RunsRepository } from '../store/runs-repository';
import { deliverGuidance } from './guidance';
import type { IterationUsage, LiveRun } from './live-run';

export type MessageContext = Readonly<{
  db: Db;
  runs: RunsRepository;
  bus: EventBus;
  log: Logger;
  coalescer: DeltaCoalescer;
  now(): Date;
  update(runId: string, changes: RunChanges): Run;
  send(state: LiveRun, message: SupervisorMessage): void;
  requestApproval(runId: string, message: RunnerMessageOf<'approval_request'>): void;
  accountant: Accountant;
  /** Ends the run's process through the stop ladder and records `reason`. */
  stop(state: LiveRun, reason: StopReason, detail: string): void;
  /** The run's worktree commits: each finished iteration is committed, and a gate waits until it is. */
  commits?: Readonly<{ iterationDone(runId: string, n: number, summary: string): void; committed(runId: string): Promise<void> }>;
}>;

const NO_USAGE: IterationUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 };

/** Answers a gate: stop (as asked after this iteration), pause, or go, as the person and the budgets say. */
function answerGate(context: MessageContext, state: LiveRun, iteration: number): void {
  // "Stop after this iteration": the iteration before this gate has finished, so the run ends here, not paused.
  if (state.stopRequested) {
    context.stop(state, state.stopRequested, `Stopped after iteration ${iteration - 1}, as asked`);
    return;
  }
  const decision = context.accountant.gate(state.runId, state.pauseRequested);
  if (decision.decision === 'pause') state.gatePause = { reason: decision.reason, detail: decision.detail };
  // Notes people sent since the last gate open this iteration's prompt; a pause keeps them waiting.
  const guidance = decision.decision === 'go' ? deliverGuidance(context, state.runId, iteration) : [];
  context.send(state, {
    type: 'gate_result',
    iteration,
    decision: decision.decision,
    ...(decision.decision === 'pause' ? { reason: decision.detail } : {}),
    remaining: {},
    ...(guidance.length > 0 ? { guidance } : {}),
  });
}

/** Applies one valid runner message: persist first, then publish (DESIGN §3). */
export function handleRunnerMessage(context: MessageContext, state: LiveRun, message: RunnerMessage): void {
  const { runs, bus } = context;
  const { runId } = state;
  switch (message.type) {
    case 'ready':
      state.ready = true;
      if (!state.stopReason) context.update(runId, { status: 'running', detail: null });
      return;
    case 'gate':
      // The iteration before the gate is committed first: the agent touches no file until it is.
      if (context.commits) void context.commits.committed(runId).then(() => answerGate(context, state, message.iteration));
      else answerGate(context, state, message.iteration);
      return;
    case 'iteration_started': {
      const iteration: Iteration = {
        runId,
        n: message.iteration,
        status: 'running',
        summary: '',
        durationMs: null,
        ...NO_USAGE,
        startedAt: message.startedAt,
        endedAt: null,
        commit: null,
      };
      runs.saveIteration(iteration);
      state.iterationUsage.set(message.iteration, { ...NO_USAGE });
      bus.publish({ type: 'run.iteration', iteration });
      return;
    }
    case 'event':
      context.coalescer.push({ runId, iteration: message.iteration, kind: message.kind, data: message.data, at: context.now().toISOString() });
      return;
    case 'usage': {
      const { costUsd } = context.accountant.record(runId, message.model, message, message.costUsd);
      const usage = state.iterationUsage.get(message.iteration) ?? { ...NO_USAGE };
      usage.inputTokens = addTokens(usage.inputTokens, message.inputTokens);
      usage.outputTokens = addTokens(usage.outputTokens, message.outputTokens);
      usage.cacheReadTokens = addTokens(usage.cacheReadTokens, message.cacheReadTokens);
      usage.cacheWriteTokens = addTokens(usage.cacheWriteTokens, message.cacheWriteTokens);
      usage.costUsd = addCost(usage.costUsd, costUsd);
      state.iterationUsage.set(message.iteration, usage);
      return;
    }
    case 'iteration_done': {
      // The log's last lines belong before the iteration is reported done.
      context.coalescer.flush(runId);
      const started = runs.getIteration(runId, message.iteration);
      const iteration: Iteration = {
        runId,
        n: message.iteration,
        status: message.status,
        summary: message.summary,
        durationMs: message.durationMs,
        ...(state.iterationUsage.get(message.iteration) ?? NO_USAGE),
        startedAt: started?.startedAt ?? context.now().toISOString(),
        endedAt: context.now().toISOString(),
        commit: null,
      };
      // The iteration and the run's count are stored together, before anyone hears of either (DESIGN §3).
      const run = context.db.transaction(() => {
        runs.saveIteration(iteration, message.failure);
        return runs.updateRun(runId, { iterations: message.iteration });
      })();
      state.iterationUsage.delete(message.iteration);
      bus.publish({ type: 'run.iteration', iteration });
      bus.publish({ type: 'run.updated', run });
      context.commits?.iterationDone(runId, message.iteration, message.summary);
      return;
    }
    case 'checkpoint':
      runs.saveCheckpoint(runId, message.iteration, message.messages, message.replace);
      return;
    case 'exit':
      state.exitMessage = message;
      return;
    case 'approval_request':
      context.requestApproval(runId, message);
      return;
    case 'pong':
      return;
    case 'process_group':
      if (message.alive) state.processGroups.add(message.pgid);
      else state.processGroups.delete(message.pgid);
      return;
    default:
      // Parsed by RunnerMessage, so only a new message type nobody handles yet gets here: tsc refuses that.
      return assertNever(message, 'RunnerMessage');
  }
}
