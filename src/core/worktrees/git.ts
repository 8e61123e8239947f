import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { ApiFailure } from '../api-failure';

// The engine's one way to run git: the plain `git` CLI through execFile (no shell), hardened against what a
// repository's files or an agent can plant, with every argument passed as it is (never interpolated into a command line).

/**
 * Settings every engine git command runs with, whatever the repository's config says: no system config, no
 * fsmonitor program, no hooks, no external diff or pager, paths printed as they are. An agent that wrote a
 * `.git` file or attributes into its worktree gets none of its programs run by the engine.
 */
const HARDENING = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.quotePath=false',
  '-c',
  'core.pager=cat',
  '-c',
  'diff.external=',
  '-c',
  'commit.gpgSign=false',
  '-c',
  'tag.gpgSign=false',
  '-c',
  'advice.detachedHead=false',
  '-c',
  'core.untrackedCache=false',
];

/** The identity of the engine's own commits (an iteration's changes). */
export const AUTOLOOP_IDENTITY = { name: 'Autoloop', email: 'autoloop@localhost' } as const;

export const AUTOLOOP_AUTHOR_ENV: Readonly<Record<string, string>> = {
  GIT_AUTHOR_NAME: AUTOLOOP_IDENTITY.name,
  GIT_AUTHOR_EMAIL: AUTOLOOP_IDENTITY.email,
  GIT_COMMITTER_NAME: AUTOLOOP_IDENTITY.name,
  GIT_COMMITTER_EMAIL: AUTOLOOP_IDENTITY.email,
};

/** The most output one git command may print (a run's whole patch included). */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

export type GitResult = Readonly<{ code: number; stdout: string; stderr: string }>;

export type GitOptions = Readonly<{
  /** The folder git runs in (`-C`). */
  cwd: string;
  /** Extra environment (an index file, an identity); git's own variables from the engine's environment never pass. */
  env?: Readonly<Record<string, string>>;
  /** Text written to git's standard input. */
  input?: string;
  /** Exit codes that are answers, not failures (e.g. 1 for `diff --quiet`); 0 always is. */
  okCodes?: ReadonlyArray<number>;
}>;

/** git failed: its words, for the log and for a message that says what to do. */
export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(
    readonly args: ReadonlyArray<string>,
    readonly code: number,
    readonly stderr: string,
  ) {
    super(`git ${args.filter((arg) => arg !== '-c' && !arg.includes('=')).join(' ')} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`);
  }
}

/** The engine's environment without git's own variables (a GIT_DIR from a hook would point every command elsewhere). */
function gitEnv(extra: Readonly<Record<string, string>> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value;
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', ...extra };
}

/** What a person reads when git is not there. */
export const GIT_MISSING = 'git is not installed or not on the PATH of Autoloop: install git, or start the run with isolation none';

/** Runs git; resolves with its output, rejects with a `GitError` (or `ApiFailure` `unavailable` when git is missing). */
export function git(args: ReadonlyArray<string>, options: GitOptions): Promise<GitResult> {
  const fullArgs = [...HARDENING, '-C', options.cwd, ...args];
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      fullArgs,
      { env: gitEnv(options.env), maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8', windowsHide: true },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') return reject(new ApiFailure('unavailable', GIT_MISSING));
        const code = error ? (typeof error.code === 'number' ? error.code : 128) : 0;
        if (code === 0 || options.okCodes?.includes(code)) return resolve({ code, stdout, stderr });
        reject(new GitError(args, code, stderr || (error?.message ?? '')));
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** git's output, trimmed. */
export async function gitText(args: ReadonlyArray<string>, options: GitOptions): Promise<string> {
  return (await git(args, options)).stdout.trim();
}

/** Whether git runs here at all. */
export async function gitAvailable(): Promise<boolean> {
  try {
    await git(['--version'], { cwd: tmpdir() });
    return true;
  } catch {
    return false;
  }
}
