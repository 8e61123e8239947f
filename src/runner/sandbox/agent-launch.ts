import { existsSync, lstatSync } from 'node:fs';
import os from 'node:os';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { InitMessage } from '../../shared/protocol';
import { bwrapAgentArgs } from './bwrap-args';
import { type HiddenPath, hiddenCandidates } from './sandbox-layout';

/** How the runner starts an external agent (Claude Code, Codex): in Autoloop's bubblewrap where there is one (Linux), else as it is. */
export type AgentLaunch = Readonly<{ file: string; args: ReadonlyArray<string>; wrapped: boolean }>;

/** Whether the runner wraps an external agent in its bubblewrap: on Linux, when the run's sandbox is bwrap or a trusted run's PID namespace. */
export function wrapsAgent(spec: InitMessage['sandbox']): spec is NonNullable<InitMessage['sandbox']> {
  return process.platform === 'linux' && spec !== undefined && (spec.kind === 'bwrap' || spec.pidNamespace === true);
}

/** The data folder and the home's credential stores that exist, as paths to hide (a folder gets an empty tmpfs, a file /dev/null). */
export function hiddenForAgent(dataDir: string, home: string = os.homedir()): HiddenPath[] {
  const hidden: HiddenPath[] = [];
  for (const candidate of hiddenCandidates(home, dataDir)) {
    try {
      hidden.push({ path: candidate, kind: lstatSync(candidate).isDirectory() ? 'dir' : 'file' });
    } catch {
      // absent: nothing to hide
    }
  }
  return hidden;
}

/**
 * An agent that confines its own commands but whose own tools read files (Claude Code's Read, Grep, Glob) in Autoloop's
 * bubblewrap: the host as it is, but the data folder (token, database, keys) and the credential stores are not there,
 * for the agent and for everything it starts, in a user namespace where nothing is root; `cwd` and the run's folders
 * (`runFolders`: its working and output folders) are there even when they lie inside the data folder. Unwrapped where there is no
 * bubblewrap (the agent's own sandbox and the gate are what remain).
 */
export function hostAgentLaunch(
  spec: InitMessage['sandbox'],
  cwd: string,
  executable: string,
  args: ReadonlyArray<string>,
  runFolders: ReadonlyArray<string> = [],
): AgentLaunch {
  if (!wrapsAgent(spec)) return { file: executable, args, wrapped: false };
  // The run's own folders are bound back: its default workspace and its worktree lie inside the data folder hidden here.
  const keep = [cwd, ...runFolders].filter(
    (folder, index, all) => all.indexOf(folder) === index && existsSync(folder) && mayShowInsideDataFolder(folder, spec.dataDir),
  );
  return { file: 'bwrap', args: bwrapAgentArgs({ hidden: hiddenForAgent(spec.dataDir), keep, cwd, confine: false }, [executable, ...args]), wrapped: true };
}

/** The data folder's subfolders that hold a run's own folders (`workspaces/<run>`, `worktrees/<run>`, `runs/<run>/output`). */
const RUN_FOLDER_ROOTS = ['workspaces', 'worktrees', 'runs'];

/**
 * Whether a run's folder may be bound back into a bubblewrap that hides the data folder: a folder outside the data folder
 * (binding it changes nothing), or one strictly inside its run-folder subfolders; never the data folder itself or anything
 * else in it (a working folder chosen there would otherwise show the token and the database).
 */
export function mayShowInsideDataFolder(folder: string, dataDir: string): boolean {
  const inData = relative(resolve(dataDir), resolve(folder));
  if (inData.startsWith('..') || isAbsolute(inData)) return true;
  const [root, run] = inData.split(sep);
  return root !== undefined && RUN_FOLDER_ROOTS.includes(root) && run !== undefined && run !== '';
}
