import { cpSync, existsSync, globSync, lstatSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** What a template's `copy:` and `link:` name: paths or globs relative to the source folder. */
export type CopyAndLink = Readonly<{ copy: ReadonlyArray<string>; link: ReadonlyArray<string> }>;

/** The source folder's entries a pattern names, as paths relative to it; nothing outside it, ever. */
function matches(source: string, pattern: string): string[] {
  return globSync(pattern, { cwd: source }).filter((path) => {
    const full = resolve(source, path);
    const rel = relative(source, full);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
}

/**
 * Copies (`copy:`) or symlinks (`link:`) untracked files from the person's folder into the same place in the worktree
 * (`.env`, `node_modules`…). An entry the worktree already has (a tracked file) is left alone: nothing of the branch is overwritten.
 * Returns the relative paths it placed, which the iteration commits leave out.
 */
export function copyIntoWorktree(source: string, target: string, entries: CopyAndLink): string[] {
  const placed: string[] = [];
  for (const [mode, patterns] of [
    ['copy', entries.copy],
    ['link', entries.link],
  ] as const) {
    for (const pattern of patterns) {
      for (const path of matches(source, pattern)) {
        const to = join(target, path);
        if (existsSync(to) || isSymlink(to)) continue;
        mkdirSync(dirname(to), { recursive: true });
        if (mode === 'copy') cpSync(join(source, path), to, { recursive: true, verbatimSymlinks: true });
        else symlinkSync(join(source, path), to);
        placed.push(path);
      }
    }
  }
  return placed;
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
