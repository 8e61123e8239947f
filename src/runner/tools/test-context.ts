import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ToolContext } from './agent-tool';

/** A temp folder with a workdir, an output folder and a fake home inside it, for tool tests. */
export type TempRun = Readonly<{
  root: string;
  workdir: string;
  outputDir: string;
  home: string;
  context(overrides?: Partial<ToolContext>): ToolContext;
  cleanup(): Promise<void>;
}>;

/** Creates a fresh temp folder laid out like a run (all paths real, symlinks resolved). For tests only. */
export async function createTempRun(): Promise<TempRun> {
  const root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'autoloop-tools-')));
  const workdir = path.join(root, 'work');
  const outputDir = path.join(root, 'out');
  const home = path.join(root, 'home');
  await Promise.all([workdir, outputDir, home].map((folder) => mkdir(folder, { recursive: true })));
  return {
    root,
    workdir,
    outputDir,
    home,
    context: (overrides = {}) => ({
      workdir,
      outputDir,
      iteration: 1,
      signal: new AbortController().signal,
      outcome: { reportedSummary: null, completion: null },
      ...overrides,
    }),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
