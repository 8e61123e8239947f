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
  for (const value of QUIET) args.push('--config', value);
  if (auth.kind === 'api_key') {
    const provider = `{name=${toml('Autoloop')}, base_url=${toml(auth.baseUrl.replace(/\/+$/, ''))}, env_key=${toml(CODEX_KEY_ENV)}, wire_api="responses"}`;
    args.push('--config', `model_providers.${CODEX_PROVIDER}=${provider}`, '--config', `model_provider=${toml(CODEX_PROVIDER)}`);
  }
  for (const value of input.config ?? []) args.push('--config', value);
  if (sandboxMode === 'workspace-write') {
    // Writes in the working and output folders only: not the shared /tmp (other runs' folders may be there).
    args.push('--config', `sandbox_workspace_write.network_access=${init.sandbox?.network === 'all'}`);
    args.push('--config', 'sandbox_workspace_write.exclude_slash_tmp=true', '--config', 'sandbox_workspace_write.exclude_tmpdir_env_var=true');
    if (init.outputDir !== init.workdir) args.push('--config', `sandbox_workspace_write.writable_roots=[${toml(init.outputDir)}]`);
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
