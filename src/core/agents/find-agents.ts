import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AgentInfo } from '../../shared/agents-api';

/** How long `claude --version` or `claude auth status` may take. */
const PROBE_TIMEOUT_MS = 15_000;

const INSTALL = 'Install Claude Code (npm install -g @anthropic-ai/claude-code), then run `claude` once to sign in.';

/** What the probes need from the engine's process; tests pass their own. */
export type AgentProbeHost = Readonly<{ env: Readonly<Record<string, string | undefined>> }>;

async function onPath(name: string, searchPath: string): Promise<string | null> {
  for (const folder of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(folder, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function packaged(): string | null {
  try {
    const manifest = createRequire(import.meta.url).resolve(`@anthropic-ai/claude-agent-sdk-${process.platform}-${process.arch}/package.json`);
    return path.join(path.dirname(manifest), 'claude');
  } catch {
    return null;
  }
}

/** Its stdout; `loose`: even when it exits non-zero (`claude auth status` does when signed out). */
function run(file: string, args: ReadonlyArray<string>, env: Readonly<Record<string, string>>, loose = false): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { env, timeout: PROBE_TIMEOUT_MS, maxBuffer: 1 << 20 }, (error: Error | null, stdout: string) => {
      if (error && !(loose && stdout)) reject(error);
      else resolve(stdout);
    });
  });
}

/** Pure: the login status `claude auth status` printed (JSON), or nulls when it printed something else. */
export function parseAuthStatus(stdout: string): Readonly<{ loggedIn: boolean | null; authMethod: string | null }> {
  try {
    const parsed = JSON.parse(stdout) as { loggedIn?: unknown; authMethod?: unknown };
    return {
      loggedIn: typeof parsed.loggedIn === 'boolean' ? parsed.loggedIn : null,
      authMethod: typeof parsed.authMethod === 'string' ? parsed.authMethod : null,
    };
  } catch {
    return { loggedIn: null, authMethod: null };
  }
}

/**
 * Claude Code as this machine has it: the person's `claude` on PATH, else the one the optional Agent SDK package
 * carries; its version and whether it is signed in. It is asked with telemetry and update checks off.
 */
export async function findClaudeCodeAgent(host: AgentProbeHost = { env: process.env }): Promise<AgentInfo> {
  const mine = await onPath('claude', host.env.PATH ?? '');
  const bundled = mine ? null : packaged();
  const file = mine ?? bundled;
  const none: AgentInfo = {
    agent: 'claude-code',
    path: null,
    source: null,
    version: null,
    loggedIn: null,
    authMethod: null,
    problem: `Claude Code was not found. ${INSTALL}`,
  };
  if (file === null) return none;
  const env = Object.fromEntries(
    Object.entries({
      PATH: host.env.PATH,
      HOME: host.env.HOME,
      CLAUDE_CONFIG_DIR: host.env.CLAUDE_CONFIG_DIR,
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const found = { ...none, path: file, source: mine ? ('path' as const) : ('package' as const) };
  let version: string;
  try {
    version = (await run(file, ['--version'], env)).trim();
  } catch (error) {
    return { ...found, problem: `${file} did not answer --version (${error instanceof Error ? error.message : String(error)}). ${INSTALL}` };
  }
  const auth = parseAuthStatus(await run(file, ['auth', 'status'], env, true).catch(() => ''));
  const problem =
    auth.loggedIn === false ? 'Claude Code is not signed in: run `claude` once and log in, or pick an Anthropic provider with a key as the run’s model.' : null;
  return { ...found, version, ...auth, problem };
}
