import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** A `.gitignore` larger than this is not read (its rules are not applied): no real one comes close. */
const IGNORE_FILE_MAX_BYTES = 1024 * 1024;

async function readRules(file: string): Promise<Ignore | null> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > IGNORE_FILE_MAX_BYTES) return null;
    return ignore({ allowRelativePaths: true }).add(await readFile(file, 'utf8'));
  } catch {
    return null; // no such file, or not readable: no rules here
  }
}

/**
 * What git would leave out below `top` (the workdir, or the folder searched when it lies outside it): the rules of
 * `.git/info/exclude` and of every `.gitignore` from `top` down, each applying to the paths below its own folder,
 * a deeper file overriding a shallower one (`!` re-includes) as in git. Folders are loaded as a walk enters them.
 */
export class GitIgnoreFilter {
  private readonly folders = new Map<string, Ignore | null>();
  private exclude: Ignore | null = null;

  private constructor(private readonly top: string) {}

  /** A filter for a walk of `base` (inside `top`): the exclude file and the `.gitignore` of each folder from `top` to `base` are read. */
  static async create(top: string, base: string): Promise<GitIgnoreFilter> {
    const filter = new GitIgnoreFilter(top);
    filter.exclude = await readRules(path.join(top, '.git', 'info', 'exclude'));
    const relative = path.relative(top, base);
    const steps = relative === '' || relative.startsWith('..') ? [] : relative.split(path.sep);
    for (let depth = 0; depth <= steps.length; depth += 1) await filter.enter(path.join(top, ...steps.slice(0, depth)));
    return filter;
  }

  /** Reads the `.gitignore` of a folder the walk is about to list (once). */
  async enter(folder: string): Promise<void> {
    if (!this.folders.has(folder)) this.folders.set(folder, await readRules(path.join(folder, '.gitignore')));
  }

  /** Whether git ignores this path (absolute; `isFolder` for folders, which `dir/` rules match). */
  ignores(absolute: string, isFolder: boolean): boolean {
    const parts = path.relative(this.top, absolute).split(path.sep);
    if (parts[0] === '..' || parts[0] === '') return false;
    const suffix = isFolder ? '/' : '';
    let ignored = false;
    const apply = (rules: Ignore | null | undefined, relative: string) => {
      if (!rules) return;
      const result = rules.test(relative + suffix);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    };
    apply(this.exclude, parts.join('/'));
    for (let depth = 0; depth < parts.length; depth += 1) {
      apply(this.folders.get(path.join(this.top, ...parts.slice(0, depth))), parts.slice(depth).join('/'));
    }
    return ignored;
  }
}
