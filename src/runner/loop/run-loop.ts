import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { IterationSummary } from '../../shared/context-mode';
import type { Failure, InitMessage } from '../../shared/protocol';
import { type LoopOptions, type StopReason, activeLimit } from '../../shared/records';
import type { Resilience } from '../agent/resilient-model';
import { createPermissionGate } from '../permissions/permission-gate';
import type { SupervisorLink } from '../supervisor-link';
import type { CommandLauncher } from '../sandbox/command-launcher';
import type { AnyAgentTool } from '../tools/agent-tool';
import { waitUnlessAborted } from './abortable-delay';
import { createClaudeCodeSession } from '../agent/claude-code/claude-code-session';
import { createCodexSession } from '../agent/codex/codex-session';
import { withVerifiedComplete } from '../tools/complete';
import { createAgentSession } from './agent-session';
import { iterationContext } from './iteration-context';
import { iterationNotes } from './iteration-notes';
import { EMPTY_HISTORY, circuitWaitMs, decideStop, recordIteration } from './stop-rules';
import { createVerifier } from './verifier';

export type LoopOutcome = Readonly<{ reason: StopReason | 'paused'; detail?: string; iterations: number }>;

export type LoopDeps = Readonly<{
  init: InitMessage;
  link: SupervisorLink;
  /** The model of Autoloop's own agent; null when an external agent (Claude Code, Codex) takes the turns. */
  model: LanguageModelV3 | null;
  /** The person's `claude`, when Claude Code takes the turns and one was found on PATH. */
  claudeExecutable?: string;
  /** The `codex` binary, when Codex takes the turns (the person's on PATH, else the npm package's). */
  codexExecutable?: string;
  tools: ReadonlyArray<AnyAgentTool>;
  /** Starts the processes the run's tools start, inside its sandbox (absent in tests without one). */
  launcher?: CommandLauncher;
  now?: () => number;
  /** Overrides the provider's retries and circuit breaker (tests). */
  resilience?: Resilience;
  /** The typed failure when every MCP server of the run is down, else null (absent: the run has none). */
  mcpUnavailable?: () => Failure | null;
}>;

/** Checks the limits that apply before an iteration starts. */
function limitReached(init: InitMessage, iterations: number, elapsedMs: number): Readonly<{ reason: StopReason; detail: string }> | null {
  const maxIterations = activeLimit(init.limits.maxIterations);
  const maxDurationMs = activeLimit(init.limits.maxDurationMs);
  if (maxIterations !== null && iterations >= maxIterations) {
    return { reason: 'iteration_limit', detail: `${iterations} of ${maxIterations} iterations done` };
  }
  if (maxDurationMs !== null && elapsedMs >= maxDurationMs) {
    return { reason: 'time_limit', detail: `ran for ${Math.round(elapsedMs / 1000)} s of ${Math.round(maxDurationMs / 1000)} s` };
  }
  return null;
}

/** How long to wait before the next iteration: the interval, plus a pause after an error, or the circuit's cooldown. */
export function waitAfter(turn: Readonly<{ status: string; failure?: Failure }>, options: LoopOptions): number {
  if (turn.failure?.kind === 'circuit_open') return circuitWaitMs(turn.failure.retryAfterMs ?? 0, options.intervalMs);
  return options.intervalMs + (turn.status === 'error' ? options.errorPauseMs : 0);
}

/** The loop (DESIGN §6): gate → iteration → stop rules → interval, until a rule, a person or a budget ends it. */
export async function runLoop(deps: LoopDeps): Promise<LoopOutcome> {
  const { init, link } = deps;
  const now = deps.now ?? Date.now;
  const options = init.loop;
  const startedAt = now();
  let iterations = init.resume?.iteration ?? 0;
  let history = EMPTY_HISTORY;
  // The finished iterations' summaries, oldest first: a `summaries` run opens each new conversation with them.
  const summaries: IterationSummary[] = [...(init.resume?.summaries ?? [])];
  const gate = createPermissionGate(init.permissions, link, { workdir: init.workdir });
  const launcher = deps.launcher ? { launcher: deps.launcher } : {};
  const verifier = createVerifier({
    loop: init.loop,
    workdir: init.workdir,
    ...launcher,
    gate,
    send: (message) => link.send(message),
    now,
    failuresSoFar: init.resume?.verifyFailuresInARow ?? 0,
  });
  const verify = verifier.enabled ? { verify: (iteration: number, signal: AbortSignal) => verifier.onComplete(iteration, signal) } : {};
  const externalTools = verify.verify ? withVerifiedComplete(deps.tools, verify.verify) : deps.tools;
  const codexSession =
    deps.model === null && init.agent === 'codex'
      ? createCodexSession({
          init,
          tools: externalTools,
          gate,
          send: (message) => link.send(message),
          executable: deps.codexExecutable ?? 'codex',
          // The MCP SDK's server side loads only in a Codex run: runner start is unchanged for the rest.
          mcp: async (current, mcpTools) => (await import('../agent/codex/codex-mcp-bridge')).startCodexMcpBridge(init, externalTools, current, mcpTools),
          // The run's MCP servers, started by the runner, reach Codex through the bridge under the same gate.
          mcpTools: deps.tools.filter((tool) => tool.mcp !== undefined),
          ...(deps.mcpUnavailable ? { mcpUnavailable: deps.mcpUnavailable } : {}),
        })
      : null;
  const session =
    codexSession ??
    (deps.model === null
      ? createClaudeCodeSession({
          init,
          tools: externalTools,
          gate,
          send: (message) => link.send(message),
          ...(deps.claudeExecutable ? { executable: deps.claudeExecutable } : {}),
          // The run's MCP servers, started by the runner, reach Claude Code through proxies under the same gate.
          mcpTools: deps.tools.filter((tool) => tool.mcp !== undefined),
          ...(deps.mcpUnavailable ? { mcpUnavailable: deps.mcpUnavailable } : {}),
        })
      : createAgentSession({
          init,
          model: deps.model,
          tools: deps.tools,
          ...launcher,
          gate,
          send: (message) => link.send(message),
          ...(deps.resilience ? { resilience: deps.resilience } : {}),
          ...(deps.mcpUnavailable ? { mcpUnavailable: deps.mcpUnavailable } : {}),
          ...verify,
        }));
  const stopped = (): LoopOutcome | null => {
    const reason = link.stopReason();
    return reason ? { reason, iterations } : null;
  };

  try {
    for (;;) {
      const early = stopped() ?? limitReached(init, iterations, now() - startedAt);
      if (early) return { ...early, iterations };

      const n = iterations + 1;
      const gate = await link.requestGate(n);
      if (gate.decision === 'stop') return stopped() ?? { reason: 'user_stop', iterations };
      if (gate.decision === 'pause') return { reason: 'paused', detail: gate.reason, iterations };

      const iterationStart = now();
      link.send({ type: 'iteration_started', iteration: n, startedAt: new Date(iterationStart).toISOString() });
      const controller = new AbortController();
      const onStop = (): void => controller.abort(link.stopSignal.reason);
      link.stopSignal.addEventListener('abort', onStop, { once: true });
      // The last verification failure and the guidance delivered at this gate open the prompt.
      const notes = iterationNotes(verifier.takeNote(), gate.decision === 'go' ? (gate.guidance ?? []) : []);
      // Carry the conversation, or start a new one (with the earlier summaries first): the run's `context` mode.
      const context = iterationContext(init.context, summaries);
      const { turn, replacedConversation, endRun } = await session
        .runIteration(n, controller.signal, notes, context)
        .finally(() => link.stopSignal.removeEventListener('abort', onStop));

      // A turn cut short by `stop` is not a finished iteration: it is neither reported nor checkpointed,
      // so the engine records it as interrupted and a resume runs it again under the same number.
      if (controller.signal.aborted) return stopped() ?? { reason: 'user_stop', iterations };
      // The agent's process is gone: nothing of the iteration is kept, and a restart or resume runs it again.
      if (endRun) return { ...endRun, iterations };
      iterations = n;
      summaries.push({ n, summary: turn.summary });
      link.send({
        type: 'iteration_done',
        iteration: n,
        status: turn.status,
        summary: turn.summary,
        durationMs: now() - iterationStart,
        ...(turn.failure ? { failure: turn.failure } : {}),
      });
      // After a compaction the checkpoint replaces the whole stored conversation (DESIGN §3); a new conversation per iteration stores none.
      const checkpoint = replacedConversation ?? turn.messages;
      link.send({ type: 'checkpoint', iteration: n, messages: checkpoint as unknown as Record<string, unknown>[], replace: replacedConversation !== null });

      const stop = stopped();
      if (stop) return stop;
      const exhausted = verifier.exhausted();
      if (exhausted !== null) return { reason: 'verify_failed', detail: exhausted, iterations };
      if (turn.completion !== null) return { reason: 'completed', detail: turn.completion, iterations };
      if (turn.stopRun) return { reason: 'permission_denied', detail: 'a tool call was denied and the run says onDeny: stop', iterations };
      // A refused key cannot succeed on retry: end now instead of using up the failure streak.
      if (turn.failure?.kind === 'auth') return { reason: 'auth_failed', detail: turn.failure.message, iterations };
      // `verifyEvery: iteration`: backpressure, its failure opens the next prompt and ends nothing; a stop ends it.
      try {
        await verifier.afterIteration(n, link.stopSignal);
      } catch (error) {
        const halted = stopped();
        if (halted) return halted;
        throw error;
      }
      // An open circuit is the provider resting, not the agent failing: wait it out instead of burning iterations.
      const circuitOpen = turn.failure?.kind === 'circuit_open';
      if (!circuitOpen) history = recordIteration(history, turn);
      const ruled = decideStop(history, options) ?? limitReached(init, iterations, now() - startedAt);
      if (ruled) return { ...ruled, iterations };

      await waitUnlessAborted(waitAfter(turn, options), link.stopSignal);
    }
  } finally {
    // Codex's MCP bridge (a socket and its folder) ends with the loop (its private home with the run: the engine's).
    await codexSession?.close();
  }
}
