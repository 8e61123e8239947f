import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { GitIgnoreFilter } from './git-ignore';

/** The most directory entries one walk looks at, so a glob over a huge tree still returns. */
export const WALK_MAX_ENTRIES = 200_000;

/** Folders a walk skips unless asked for by name: they are big and rarely what the agent means. */
export const SKIPPED_FOLDERS: ReadonlyArray<string> = ['node_modules', '.git'];

/** A file found by a walk: its absolute path, its `/`-separated path relative to the walk's base, and whether it is a link. */
export type WalkedFile = Readonly<{ path: string; relative: string; symlink: boolean }>;

/** What a walk found (sorted by relative path), whether it stopped at its entry limit, the folders it could not read, and how many entries git ignores it left out. */
export type WalkResult = Readonly<{ files: ReadonlyArray<WalkedFile>; truncated: boolean; unreadable: ReadonlyArray<string>; ignored: number }>;

export type WalkOptions = Readonly<{
  skip: ReadonlyArray<string>;
  maxEntries?: number;
  /** Leaves out what git ignores (an ignored folder is not entered); absent: everything is walked. */
  gitIgnore?: GitIgnoreFilter;
}>;

function byRelative(a: WalkedFile, b: WalkedFile): number {
  return a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0;
}

/**
 * Lists the files below `base`. Never follows links to folders (no loops, no escapes from the roots); links to files
 * are reported with `symlink: true` so readers can skip them. A subfolder that cannot be read is noted, not fatal.
 */
export async function walkFiles(base: string, options: WalkOptions): Promise<WalkResult> {
  const maxEntries = options.maxEntries ?? WALK_MAX_ENTRIES;
  const files: WalkedFile[] = [];
  const unreadable: string[] = [];
  const pending: string[] = [''];
  let seen = 0;
  let ignored = 0;
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    let entries: Dirent[];
    try {
      await options.gitIgnore?.enter(path.join(base, folder));
      entries = await readdir(path.join(base, folder), { withFileTypes: true });
    } catch (error) {
      if (folder === '') throw error;
      unreadable.push(folder);
      continue;
    }
    for (const entry of entries) {
      seen += 1;
      if (seen > maxEntries) return { files: files.sort(byRelative), truncated: true, unreadable, ignored };
      const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (options.gitIgnore?.ignores(path.join(base, relative), entry.isDirectory()) === true) {
        ignored += 1;
        continue;
      }
      if (entry.isDirectory()) {
        if (!options.skip.includes(entry.name)) pending.push(relative);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        files.push({ path: path.join(base, relative), relative, symlink: entry.isSymbolicLink() });
      }
    }
  }
  return { files: files.sort(byRelative), truncated: false, unreadable, ignored };
}
