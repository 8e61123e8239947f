import path from 'node:path';
import picomatch from 'picomatch';
import type { ToolContext } from './agent-tool';
import { GitIgnoreFilter } from './git-ignore';
import { linearRegExp } from './linear-regexp';
import { realWorkdir } from './tool-paths';

/**
 * The git-ignore filter for a search of `base` (a real path), or undefined when the call asks for ignored files too.
 * Rules are read from the workdir down when `base` lies inside it, else from `base` down.
 */
export async function gitIgnoreFor(
  base: string,
  context: Pick<ToolContext, 'workdir'>,
  includeIgnored: boolean | undefined,
): Promise<GitIgnoreFilter | undefined> {
  if (includeIgnored === true) return undefined;
  const workdir = await realWorkdir(context);
  const inside = base === workdir || base.startsWith(`${workdir}${path.sep}`);
  return GitIgnoreFilter.create(inside ? workdir : base, base);
}

/** The note a search adds when it left ignored paths out. */
export function ignoredNote(count: number, what: string): string[] {
  return count > 0 ? [`[${count} ${what} that .gitignore excludes were skipped; pass includeIgnored: true to search them]`] : [];
}

/**
 * picomatch's guards that a segment is not `.` or `..` and not empty: a walk never yields such segments, and without
 * them most patterns compile for V8's linear engine.
 */
const WALK_IMPOSSIBLE_GUARDS = ['(?!(?:^|\\/)\\.{1,2}(?:\\/|$))', '(?!\\.{1,2}(?:\\/|$))', '(?=.)'];

/**
 * A glob matcher (picomatch: `*`, `**`, `?`, `{a,b}`, `{1..9}`, `[abc]`, `[[:alpha:]]`, extglobs like `+(a|b)`); dotfiles
 * match like any other name. `onName` matches a pattern without `/` against the file's name only. The regex runs on
 * the linear engine where it can (every pattern but negated extglobs `!(…)`), so the model's `*a*a*a…b` cannot backtrack.
 */
export function globMatcher(pattern: string, options: Readonly<{ onName?: boolean }> = {}): (relative: string) => boolean {
  let regex: RegExp;
  try {
    regex = picomatch.makeRe(pattern, { dot: true, posix: true });
  } catch (error) {
    throw new Error(`invalid glob ${pattern}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const source = WALK_IMPOSSIBLE_GUARDS.reduce((text, guard) => text.split(guard).join(''), regex.source);
  try {
    regex = linearRegExp(source, regex.flags);
  } catch {
    // a lookahead remains (a negated extglob): picomatch's regex as it is
  }
  const onName = options.onName === true;
  return (relative) => regex.test(onName ? path.posix.basename(relative) : relative);
}

/** True when the pattern spells out `name` (e.g. `node_modules`), so a walk must not skip that folder. */
export function globMentions(pattern: string, name: string): boolean {
  return pattern.includes(name);
}
