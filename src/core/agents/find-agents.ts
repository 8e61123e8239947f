import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AgentInfo, ExternalAgent } from '../../shared/agents-api';
import { AGENT_COMMANDS, agentPathProblem } from './agent-path';

/** How long `claude --version` or `claude auth status` may take. */
const PROBE_TIMEOUT_MS = 15_000;

const INSTALL = 'Install Claude Code (npm install -g @anthropic-ai/claude-code), then run `claude` once to sign in.';

/** What the probes need from the engine's process; tests pass their own. `chosenPath`: the binary chosen in settings. */
export type AgentProbeHost = Readonly<{ env: Readonly<Record<string, string | undefined>>; chosenPath?: string | undefined }>;

type Located = Readonly<{ file: string; source: NonNullable<AgentInfo['source']> } | { file: string; problem: string } | null>;

/** The binary a run of `agent` would start: the one chosen in settings, else the person's on PATH, else the bundled one. */
async function locate(agent: ExternalAgent, host: AgentProbeHost, bundled: () => string | null): Promise<Located> {
  if (host.chosenPath !== undefined) {
    const problem = await agentPathProblem(agent, host.chosenPath);
    if (problem === null) return { file: host.chosenPath, source: 'settings' };
    return {
      file: host.chosenPath,
      problem: `The ${AGENT_COMMANDS[agent]} chosen in settings cannot be used: ${problem} Or clear the choice (Settings → Agents, or \`autoloop agents set-path ${agent} --clear\`) to use the one on PATH.`,
    };
  }
  const mine = await onPath(AGENT_COMMANDS[agent], host.env.PATH ?? '');
  if (mine) return { file: mine, source: 'path' };
  const packagedFile = bundled();
  return packagedFile === null ? null : { file: packagedFile, source: 'package' };
}

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

/** Its stdout; `loose`: even when it exits non-zero (`claude auth status` does when signed out); `withStderr`: stderr appended (`codex login status` writes there). */
function run(file: string, args: ReadonlyArray<string>, env: Readonly<Record<string, string>>, loose = false, withStderr = false): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { env, timeout: PROBE_TIMEOUT_MS, maxBuffer: 1 << 20 }, (error: Error | null, stdout: string, stderr: string) => {
      const said = withStderr ? `${stdout}\n${stderr}` : stdout;
      if (error && !(loose && said.trim())) reject(error);
      else resolve(said);
    });
  });
}

const CODEX_INSTALL_HINT =
  'Install Codex (npm install -g @openai/codex) and sign in by running `codex login` once (or choose a model of an openai provider with a key).';

/** The native binary the `@openai/codex` npm package carries for this platform (`vendor/<target>/bin/codex`), when installed. */
function packagedCodex(): string | null {
  try {
    const cli = createRequire(import.meta.url).resolve('@openai/codex/package.json');
    const manifest = createRequire(cli).resolve(`@openai/codex-${process.platform}-${process.arch}/package.json`);
    const vendor = path.join(path.dirname(manifest), 'vendor');
    for (const target of readdirSync(vendor)) {
      const file = path.join(vendor, target, 'bin', 'codex');
      if (existsSync(file)) return file;
    }
    return null;
  } catch {
    return null;
  }
}

/** Pure: the login `codex login status` printed ("Logged in using ChatGPT", "Not logged in"), or nulls for anything else. */
export function parseCodexLoginStatus(output: string): Readonly<{ loggedIn: boolean | null; authMethod: string | null }> {
  if (/not logged in/i.test(output)) return { loggedIn: false, authMethod: null };
  const using = /logged in using (?:an? )?([^\n-]+?)\s*(?:-|$)/im.exec(output);
  if (using) return { loggedIn: true, authMethod: using[1]!.trim() };
  return { loggedIn: null, authMethod: null };
}

/**
 * Codex as this machine has it: the one chosen in settings, else the person's `codex` on PATH, else the one the optional `@openai/codex` package
 * carries; its version and whether it is signed in (`codex login status`, in their CODEX_HOME).
 */
export async function findCodexAgent(host: AgentProbeHost = { env: process.env }): Promise<AgentInfo> {
  const none: AgentInfo = {
    agent: 'codex',
    path: null,
    source: null,
    version: null,
    loggedIn: null,
    authMethod: null,
    problem: `Codex was not found. ${CODEX_INSTALL_HINT}`,
  };
  const located = await locate('codex', host, packagedCodex);
  if (located === null) return none;
  if ('problem' in located) return { ...none, path: located.file, source: 'settings', problem: located.problem };
  const { file, source } = located;
  const env = Object.fromEntries(
    Object.entries({ PATH: host.env.PATH, HOME: host.env.HOME, CODEX_HOME: host.env.CODEX_HOME }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  let version: string;
  try {
    version = firstLineOf(await run(file, ['--version'], env));
  } catch (error) {
    return {
      ...none,
      path: file,
      source,
      problem: `${file} did not answer --version (${error instanceof Error ? error.message : String(error)}). ${CODEX_INSTALL_HINT}`,
    };
  }
  const auth = parseCodexLoginStatus(await run(file, ['login', 'status'], env, true, true).catch(() => ''));
  const problem = auth.loggedIn === false ? 'Codex is not signed in: run `codex login` once, or pick an openai provider with a key as the run’s model.' : null;
  return { ...none, path: file, source, version, ...auth, problem };
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
 * Claude Code as this machine has it: the one chosen in settings, else the person's `claude` on PATH, else the one the optional Agent SDK package
 * carries; its version and whether it is signed in. It is asked with telemetry and update checks off.
 */
export async function findClaudeCodeAgent(host: AgentProbeHost = { env: process.env }): Promise<AgentInfo> {
  const located = await locate('claude-code', host, packaged);
  const none: AgentInfo = {
    agent: 'claude-code',
    path: null,
    source: null,
    version: null,
    loggedIn: null,
    authMethod: null,
    problem: `Claude Code was not found. ${INSTALL}`,
  };
  if (located === null) return none;
  if ('problem' in located) return { ...none, path: located.file, source: 'settings', problem: located.problem };
  const { file, source } = located;
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
  const found = { ...none, path: file, source };
  let version: string;
  try {
    version = firstLineOf(await run(file, ['--version'], env));
  } catch (error) {
    return { ...found, problem: `${file} did not answer --version (${error instanceof Error ? error.message : String(error)}). ${INSTALL}` };
  }
  const auth = parseAuthStatus(await run(file, ['auth', 'status'], env, true).catch(() => ''));
  const problem =
    auth.loggedIn === false ? 'Claude Code is not signed in: run `claude` once and log in, or pick an Anthropic provider with a key as the run’s model.' : null;
  return { ...found, version, ...auth, problem };
}

/** A version is the first line `--version` prints (a binary that prints a banner after it still fits a table row). */
export function firstLineOf(output: string): string {
  return (
    output
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}
