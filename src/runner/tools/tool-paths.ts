import { lstat, readlink, realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ToolContext } from './agent-tool';
import { decidePathAccess, isWithin } from './path-guard';

/** How many symbolic links `realpathLoose` follows before it gives up, like the kernel's ELOOP limit. */
export const MAX_SYMLINK_HOPS = 40;

/** A path a file tool may use: `path` has symlinks resolved; `display` is how the model should see it. */
export type ToolPath = Readonly<{ path: string; display: string }>;

/** The folders a tool context allows and the home folder whose credential stores are off limits. */
export type PathScope = Pick<ToolContext, 'workdir' | 'outputDir' | 'extraRoots'> & Readonly<{ homeDir?: string }>;

/** The errno code of a Node system error, or undefined. */
export function errnoOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

async function lstatOrNull(target: string): Promise<Awaited<ReturnType<typeof lstat>> | null> {
  try {
    return await lstat(target);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return null;
    throw error;
  }
}

/**
 * Resolves every symlink in a path that may not exist yet: the real path of its nearest existing parent plus the rest.
 * A dangling symlink is followed to where it points, so a write through it is checked where it would land.
 */
export async function realpathLoose(target: string, hops = 0): Promise<string> {
  try {
    return await realpath(target);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT' && errnoOf(error) !== 'ENOTDIR') throw error;
  }
  const stats = await lstatOrNull(target);
  if (stats?.isSymbolicLink()) {
    if (hops >= MAX_SYMLINK_HOPS) throw new Error(`too many levels of symbolic links at ${target}`);
    return realpathLoose(path.resolve(path.dirname(target), await readlink(target)), hops + 1);
  }
  const parent = path.dirname(target);
  if (parent === target) return target;
  return path.join(await realpathLoose(parent, hops), path.basename(target));
}

/** How a tool shows a real path to the model: relative to the workdir inside it, absolute elsewhere. */
export function displayPath(realPath: string, realWorkdir: string): string {
  return isWithin(realPath, realWorkdir) ? path.relative(realWorkdir, realPath) || '.' : realPath;
}

function expandHome(requested: string, homeDir: string): string {
  if (requested === '~') return homeDir;
  return requested.startsWith('~/') ? path.join(homeDir, requested.slice(2)) : requested;
}

/**
 * Resolves a path the model gave (relative to the workdir, or absolute, or `~/…`) and checks it against the
 * always-on guards (DESIGN §7). Throws `refused: …` when the path is off limits.
 */
export async function resolveToolPath(requested: string, scope: PathScope): Promise<ToolPath> {
  const homeDir = scope.homeDir ?? os.homedir();
  const lexicalPath = path.resolve(scope.workdir, expandHome(requested, homeDir));
  const [realPath, workdir, homeReal, otherRoots] = await Promise.all([
    realpathLoose(lexicalPath),
    realpathLoose(scope.workdir),
    realpathLoose(homeDir),
    Promise.all([scope.outputDir, ...(scope.extraRoots ?? [])].map((root) => realpathLoose(root))),
  ]).catch((error: unknown) => {
    throw new Error(`cannot resolve ${requested}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  const decision = decidePathAccess({
    requested,
    lexicalPath,
    realPath,
    workdir,
    roots: [...new Set([workdir, ...otherRoots])],
    homeDirs: [...new Set([homeDir, homeReal])],
  });
  if (!decision.allowed) throw new Error(decision.reason);
  return { path: realPath, display: displayPath(realPath, workdir) };
}

/** The workdir with symlinks resolved, for showing paths found by walking it. */
export async function realWorkdir(scope: Pick<ToolContext, 'workdir'>): Promise<string> {
  return realpathLoose(scope.workdir);
}
