import { GIT_HARDENING_ENV } from '../tools/git-hardening';

/** Variables every process a run starts gets from the runner's environment (issue: a clean tool environment). */
const BASE_NAMES: ReadonlySet<string> = new Set(['PATH', 'HOME', 'USER', 'LANG', 'TERM', 'TMPDIR', 'SHELL', 'TZ']);

/** The model providers' usual key variables: removed even when nothing configures them. */
const PROVIDER_KEY_NAMES: ReadonlyArray<string> = ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY'];

/** Always set for tools: nothing waits on a pager or a password prompt. */
const NON_INTERACTIVE: Readonly<Record<string, string>> = { PAGER: 'cat', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0' };

/** What the tool environment may hold besides the base allowlist, and what it never holds. */
export type ToolEnvironmentPolicy = Readonly<{
  /** Names declared by the template or the person (the engine already dropped opt-in-only names a template asked for). */
  passEnv: ReadonlyArray<string>;
  /** Removed by name whatever else lets them through: every configured provider's `apiKeyEnv`. */
  removeEnv: ReadonlyArray<string>;
  /** Values that replace the runner's (e.g. `TMPDIR=/tmp` inside a sandbox whose only writable temp is /tmp). */
  overrides?: Readonly<Record<string, string>>;
}>;

function isPassed(name: string, passEnv: ReadonlySet<string>): boolean {
  return BASE_NAMES.has(name) || name.startsWith('LC_') || passEnv.has(name);
}

/**
 * The environment of every process a run starts (bash, and later verify, setup and MCP servers): built from an
 * allowlist, never the runner's environment minus a denylist. Pure; the one filter in one place.
 */
export function buildToolEnvironment(source: Readonly<Record<string, string | undefined>>, policy: ToolEnvironmentPolicy): Record<string, string> {
  const passEnv = new Set(policy.passEnv);
  const removed = new Set([...policy.removeEnv, ...PROVIDER_KEY_NAMES]);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && isPassed(name, passEnv) && !removed.has(name)) env[name] = value;
  }
  for (const [name, value] of Object.entries(policy.overrides ?? {})) {
    if (!removed.has(name)) env[name] = value;
  }
  // Git without system config, fsmonitor or hooks, whatever the repository says (git-hardening.ts).
  return { ...env, ...NON_INTERACTIVE, ...GIT_HARDENING_ENV };
}
