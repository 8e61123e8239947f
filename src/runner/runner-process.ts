import { flushCompileCache } from 'node:module';
import { messageOf } from '../shared/errors';
import { MCP_DEFAULT_CALL_TIMEOUT_MS } from '../shared/mcp';
import type { InitMessage } from '../shared/protocol';
import { loadModel } from './agent/load-model';
export { preloadForSpare } from './agent/load-model';
import { parseResumedConversation } from './loop/resumed-conversation';
import { runLoop } from './loop/run-loop';
import { type SetupOutcome, runSetup } from './loop/run-setup';
import { log } from './runner-handshake';
import type { CommandLauncher } from './sandbox/command-launcher';
import type { SupervisorLink } from './supervisor-link';
import { builtinTools } from './tools/builtin-tools';
import type { McpServers } from './mcp/mcp-servers';
import { reportProcessGroupsTo } from './tools/process-group';

/** How long the runner lets the event loop drain after `exit` before it leaves by force. */
const EXIT_DRAIN_MS = 2_000;

/** How many model responses a resumed conversation holds: where a scripted model continues its script. */
function assistantTurnsIn(messages: ReadonlyArray<Record<string, unknown>>): number {
  return messages.filter((message) => message.role === 'assistant').length;
}

/**
 * The run's sandbox launcher, loaded with the first command a tool runs: a run that never starts one (the demo, a
 * model that only reads and writes files) pays nothing for it or for the HTTP proxy it may start.
 */
function lazyLauncher(spec: NonNullable<InitMessage['sandbox']>, init: InitMessage, link: SupervisorLink): CommandLauncher {
  let loaded: Promise<CommandLauncher> | null = null;
  const load = (): Promise<CommandLauncher> =>
    (loaded ??= import('./sandbox/command-launcher').then(({ createCommandLauncher }) =>
      createCommandLauncher({
        spec,
        workdir: init.workdir,
        outputDir: init.outputDir,
        onBlocked: (host) =>
          link.send({
            type: 'event',
            iteration: 0,
            kind: 'notice',
            data: { message: `The sandbox blocked a connection to ${host}: not in this run's network allowlist` },
          }),
      }),
    ));
  return {
    kind: spec.kind,
    prepare: async (argv) => (await load()).prepare(argv),
    close: async () => {
      if (loaded !== null) await (await loaded).close();
    },
  };
}

/** The template's setup commands; one that cannot even start (its sandbox refused) fails the setup with the reason. */
async function runSetupSafely(init: InitMessage, link: SupervisorLink, launcher: CommandLauncher | undefined): Promise<SetupOutcome> {
  try {
    return await runSetup(init, link, launcher);
  } catch (error) {
    return { ok: false, reason: 'setup_failed', detail: `Setup could not run: ${messageOf(error)}` };
  }
}

/** Starts the run's MCP servers (a lazy chunk with the MCP SDK); each one's start or failure is a notice in the run's log. */
async function startRunMcpServers(init: InitMessage, link: SupervisorLink, launcher: CommandLauncher | undefined): Promise<McpServers> {
  const { startMcpServers } = await import('./mcp/mcp-servers');
  const timeouts = new Map((init.mcp ?? []).map((server) => [server.name, server.callTimeoutMs]));
  return startMcpServers(init.mcp ?? [], {
    workdir: init.workdir,
    ...(launcher ? { launcher } : {}),
    notice: (message) => link.send({ type: 'event', iteration: 0, kind: 'notice', data: { message, mcp: true } }),
    callTimeoutMs: (server) => timeouts.get(server) ?? MCP_DEFAULT_CALL_TIMEOUT_MS,
  });
}

/** The runner's second phase, after `ready`: load the model, run the loop, say `exit`. */
export async function runRun(link: SupervisorLink, init: InitMessage): Promise<void> {
  reportProcessGroupsTo((pgid, alive) => link.send({ type: 'process_group', pgid, alive }));
  let loadError = '';
  try {
    // Checked before anything runs: a conversation that cannot be resumed fails the start, it is no crash to retry.
    parseResumedConversation(init.resume?.messages ?? []);
  } catch (error) {
    loadError = messageOf(error);
  }
  const external = init.agent === 'claude-code' || init.agent === 'codex';
  // Claude Code and Codex take the turns themselves: they need their binary (and Claude Code its Agent SDK), not an AI SDK model.
  const claude =
    init.agent === 'claude-code' && !loadError
      ? await (await import('./agent/claude-code/find-claude-code')).findClaudeCode(process.env, init.agentPath)
      : null;
  if (claude && !claude.ok) loadError = claude.message;
  const codex = init.agent === 'codex' && !loadError ? await (await import('./agent/codex/find-codex')).findCodex(process.env, init.agentPath) : null;
  if (codex && !codex.ok) loadError = codex.message;
  const model =
    loadError || external
      ? null
      : await loadModel(init.model, init.secrets, assistantTurnsIn(init.resume?.messages ?? [])).catch((error: unknown) => {
          loadError = `The model could not be loaded: ${messageOf(error)}`;
          return null;
        });
  const ready = loadError === '' && (external || model !== null);
  // The provider's chunk is loaded now: write the compile cache while the run waits on its first
  // model call, not only at exit (a runner killed by a signal never reaches exit). No-op without one.
  flushCompileCache();
  const launcher = init.sandbox ? lazyLauncher(init.sandbox, init, link) : undefined;
  const setup = ready && init.setup && init.setup.length > 0 && !init.resume ? await runSetupSafely(init, link, launcher) : { ok: true as const };
  const executable = {
    ...(claude?.ok && claude.executable ? { claudeExecutable: claude.executable } : {}),
    ...(codex?.ok ? { codexExecutable: codex.binary.file } : {}),
  };
  // The SDK and the servers load only in a run that has MCP servers: runner start is unchanged for the rest.
  // Autoloop's own agent calls them directly, Claude Code through proxies in the runner, Codex through its MCP bridge.
  const takesMcp = model !== null || (ready && external);
  const mcp = takesMcp && setup.ok && init.mcp && init.mcp.length > 0 ? await startRunMcpServers(init, link, launcher) : null;
  const outcome = !ready
    ? { reason: 'spawn_failed' as const, detail: loadError, iterations: init.resume?.iteration ?? 0 }
    : setup.ok
      ? await runLoop({
          init,
          link,
          model,
          tools: [...builtinTools(), ...(mcp?.tools ?? [])],
          ...executable,
          ...(launcher ? { launcher } : {}),
          ...(mcp ? { mcpUnavailable: mcp.unavailable } : {}),
        })
      : { reason: setup.reason, detail: setup.detail, iterations: 0 };
  await mcp?.close().catch((error: unknown) => log(`stopping the MCP servers failed: ${messageOf(error)}`));
  await launcher?.close().catch((error: unknown) => log(`closing the network proxy failed: ${messageOf(error)}`));
  link.send({ type: 'exit', reason: outcome.reason, ...(outcome.detail ? { detail: outcome.detail } : {}), iterations: outcome.iterations });
  link.close();
  setTimeout(() => process.exit(0), EXIT_DRAIN_MS).unref();
}
