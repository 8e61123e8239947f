import { assertNever } from '../../../shared/assert';
import type { InitMessage } from '../../../shared/protocol';
import { ModelOptions } from '../../../shared/providers';
import { type CodexSandboxMode, codexSandboxModeOf } from '../../../shared/agents';
import { buildToolEnvironment } from '../../sandbox/tool-environment';

/** The provider name Codex is given for a run with an `openai` provider, and the variable its key travels in. */
export const CODEX_PROVIDER = 'autoloop';
export const CODEX_KEY_ENV = 'AUTOLOOP_CODEX_API_KEY';

/** How Codex signs in for this run: the run's OpenAI provider key and base URL, or the person's own login (HOME / CODEX_HOME). */
export type CodexAuth = Readonly<{ kind: 'login' } | { kind: 'api_key'; apiKey: string; baseUrl: string }>;

export function codexAuthOf(init: InitMessage): CodexAuth {
  if (init.model.provider !== 'openai') return { kind: 'login' };
  const options = ModelOptions.parse(init.model.options);
  const apiKey = init.secrets[options.providerName];
  if (!apiKey) return { kind: 'login' };
  return { kind: 'api_key', apiKey, baseUrl: options.baseUrl ?? 'https://api.openai.com/v1' };
}

/** The model Codex is asked to use (the run's, with an OpenAI provider), else null: Codex's own default. */
export function codexModelOf(init: InitMessage): string | null {
  return init.model.provider === 'openai' ? init.model.id : null;
}

/** The model name usage is booked under: `openai/<id>` so the price table (and its overrides) price it; `codex/default` is unpriced. */
export function codexUsageModel(init: InitMessage): string {
  const model = codexModelOf(init);
  return model ? `openai/${model}` : 'codex/default';
}

/**
 * The Codex process's environment: the clean tool environment (never the engine's token or a provider's key), Codex's
 * own home when set (the person's login), and, with an OpenAI provider, that provider's key in a variable of its own.
 */
export function codexEnvironment(source: Readonly<Record<string, string | undefined>>, auth: CodexAuth): Record<string, string> {
  const env = buildToolEnvironment(source, { passEnv: ['CODEX_HOME'], removeEnv: [] });
  return auth.kind === 'api_key' ? { ...env, [CODEX_KEY_ENV]: auth.apiKey } : env;
}

const toml = (value: string): string => JSON.stringify(value);

/**
 * Switches that keep Codex from calling anything but the model (no update check, no analytics, no feedback uploads, no
 * plugin catalogue fetched from GitHub),
 * and from starting a login shell of its own at each start to snapshot it (each iteration is a new process, and a
 * snapshot cut off by the end of the turn can leave a login script's lock behind).
 */
const QUIET = [
  'check_for_update_on_startup=false',
  'analytics.enabled=false',
  'feedback.enabled=false',
  'features.plugins=false',
  'features.shell_snapshot=false',
];

/**
 * Switches that keep what the Codex home's config.toml (the person's own, with their login) or a trusted project's
 * `.codex/config.toml` says from acting around the run's permission gate (codex-cli 0.171, checked with `config/read`):
 * approvals go to Autoloop, never to Codex's auto-reviewer; no `notify` program at each turn's end; no hooks (commands
 * Codex runs on its own events); no ChatGPT apps (connector tools); no MCP servers a skill installs; no browser or
 * computer use. The person's MCP servers are turned off per thread (`personalMcpServersOff`), their names being known
 * only once Codex has read its config.
 */
export const GATE_KEEPING: ReadonlyArray<string> = [
  'approvals_reviewer="user"',
  'notify=[]',
  'features.hooks=false',
  'features.apps=false',
  'features.skill_mcp_dependency_install=false',
  'features.browser_use=false',
  'features.computer_use=false',
];

export type CodexArgsInput = Readonly<{
  init: InitMessage;
  auth: CodexAuth;
  sandboxMode: CodexSandboxMode;
  /** Extra `-c` overrides (the MCP server carrying `report` and `complete`). */
  config?: ReadonlyArray<string>;
}>;

/** Pure: the `codex app-server` arguments (JSON-RPC over stdio, the protocol the Codex VS Code extension speaks). */
export function codexArgs(input: CodexArgsInput): string[] {
  const { init, auth, sandboxMode } = input;
  const args = ['app-server'];
  for (const value of [...QUIET, ...GATE_KEEPING]) args.push('--config', value);
  if (auth.kind === 'api_key') {
    const provider = `{name=${toml('Autoloop')}, base_url=${toml(auth.baseUrl.replace(/\/+$/, ''))}, env_key=${toml(CODEX_KEY_ENV)}, wire_api="responses"}`;
    args.push('--config', `model_providers.${CODEX_PROVIDER}=${provider}`, '--config', `model_provider=${toml(CODEX_PROVIDER)}`);
  }
  for (const value of input.config ?? []) args.push('--config', value);
  if (sandboxMode === 'workspace-write') {
    // Writes in the working and output folders only: not the shared /tmp (other runs' folders may be there).
    args.push('--config', `sandbox_workspace_write.network_access=${init.sandbox?.network === 'all'}`);
    args.push('--config', 'sandbox_workspace_write.exclude_slash_tmp=true', '--config', 'sandbox_workspace_write.exclude_tmpdir_env_var=true');
    // Always set: a config.toml's own writable_roots (even `/`) would otherwise widen the sandbox.
    const roots = init.outputDir === init.workdir ? [] : [init.outputDir];
    args.push('--config', `sandbox_workspace_write.writable_roots=[${roots.map(toml).join(', ')}]`);
  }
  return args;
}

/**
 * When Codex asks before acting (codex-cli 0.171), each ask going through the run's permission gate:
 * - `ask` profile: `untrusted`: before every command Codex does not know to be read-only. Codex runs an approved
 *   command outside its own sandbox (an approval is an escalation to Codex), so on Linux the runner's bubblewrap
 *   around Codex is what still hides the data folder from it.
 * - `workspace-write` / `read-only`: `on-request`: Codex runs its commands in its own sandbox without asking and asks
 *   only when a command must leave it (more access, the network); the gate decides that escalation.
 * - `trusted`: `never`.
 */
export type CodexApprovalPolicy = 'never' | 'on-request' | 'untrusted';

export function codexApprovalPolicyOf(init: InitMessage): CodexApprovalPolicy {
  switch (init.permissions.profile) {
    case 'trusted':
      return 'never';
    case 'ask':
      return 'untrusted';
    case 'read-only':
    case 'workspace-write':
      return 'on-request';
    default:
      return assertNever(init.permissions.profile, 'PermissionProfile');
  }
}

/** Pure: the `thread/start` / `thread/resume` parameters: the run's folder, model, sandbox, approvals and instructions. */
export function codexThreadParams(
  input: Readonly<{ init: InitMessage; sandboxMode: CodexSandboxMode; developerInstructions: string }>,
): Record<string, unknown> {
  const model = codexModelOf(input.init);
  return {
    cwd: input.init.workdir,
    ...(model ? { model } : {}),
    approvalPolicy: codexApprovalPolicyOf(input.init),
    // Every approval request comes to Autoloop's gate, whatever config.toml says of Codex's auto-reviewer.
    approvalsReviewer: 'user',
    sandbox: input.sandboxMode,
    developerInstructions: input.developerInstructions,
  };
}

/** The command Codex wants to run, as a person reads it: `bash -lc '…'` unwrapped to what is inside the quotes. */
export function unwrapShellCommand(command: string): string {
  const match = /^(?:\S*\/)?(?:bash|sh|zsh)\s+-l?c\s+'((?:[^']|'\\'')*)'$/s.exec(command.trim());
  return match ? (match[1] ?? '').replaceAll("'\\''", "'") : command;
}

/** Codex's sandbox for this run: from its profile. */
export function codexSandboxOf(init: InitMessage): CodexSandboxMode {
  return codexSandboxModeOf(init.permissions.profile);
}

/** One MCP server as `config/read` shows it, or as Autoloop gives it to a thread (Codex's `mcp_servers` entry). */
export type CodexMcpServerEntry = Readonly<Record<string, unknown>>;

/** Pure: the MCP servers of Codex's effective config (`config/read`'s `config.mcp_servers`), by name. */
export function mcpServersOfConfig(config: unknown): Readonly<Record<string, CodexMcpServerEntry>> {
  const servers = (config as { mcp_servers?: unknown } | null | undefined)?.mcp_servers;
  return servers && typeof servers === 'object' ? (servers as Record<string, CodexMcpServerEntry>) : {};
}

/**
 * Pure: the thread's `mcp_servers` (codex-cli 0.171 merges it over the config files' and replaces the `--config` ones):
 * Autoloop's own (`ours`: the bridge's `autoloop` and the run's MCP servers) and every other server Codex's config
 * declares turned off, since Codex would start it and call its tools without the run's gate.
 */
export function threadMcpServers(
  configured: Readonly<Record<string, CodexMcpServerEntry>>,
  ours: Readonly<Record<string, CodexMcpServerEntry>>,
): Record<string, CodexMcpServerEntry> {
  const off = Object.keys(configured).filter((name) => !(name in ours));
  return { ...Object.fromEntries(off.map((name) => [name, { enabled: false }])), ...ours };
}

/**
 * Pure: why Codex's config cannot be used with the run's own MCP servers, or null. A config.toml server with the name
 * of one of them would merge into Autoloop's entry: its `url` or `command` could send the calls around the gate.
 */
export function ourMcpServerProblem(
  configured: Readonly<Record<string, CodexMcpServerEntry>>,
  ours: Readonly<Record<string, CodexMcpServerEntry>>,
): string | null {
  const clash = Object.keys(ours).find((name) => name in configured);
  return clash === undefined
    ? null
    : `Codex's config.toml declares an MCP server called "${clash}", the name of one this run gives Codex: rename or remove it there (its calls would not go through the run's permissions), then resume the run.`;
}
