import { innerCommand, unwrapCommand } from '../tools/command-guard';
import { splitShellLine } from '../tools/shell-words';
import { parseSimpleCommand } from './simple-command';
import { matchesWildcard } from './wildcard';

/** How deep `bash -c "…"`, `eval` and `$(…)` are followed when deny rules look for a command. */
const MAX_NESTING = 4;

/**
 * Long git options an allow rule never covers, whatever its text: they read or write files outside the
 * repository, run programs, or point git at another repository or configuration.
 * Git accepts unambiguous abbreviations of long options, so a prefix of any of these is refused too.
 */
export const GIT_REFUSED_LONG_OPTIONS: ReadonlyArray<string> = [
  '--output',
  '--output-directory',
  '--no-index',
  '--ext-diff',
  '--textconv',
  '--git-dir',
  '--work-tree',
  '--exec-path',
  '--exec',
  '--upload-pack',
  '--receive-pack',
  '--config-env',
  '--contents',
  '--open-files-in-pager',
  '--template',
  '--separate-git-dir',
];
/** Short git options an allow rule never covers: `-c key=value` sets any configuration, `-O<cmd>` runs a pager command. */
const GIT_REFUSED_SHORT_OPTIONS = ['-c', '-O'];
/** Global git options that may come before the subcommand in an allowed command. */
const GIT_HARMLESS_GLOBALS = new Set(['--no-pager', '-P']);
/** Global git options that take the next word as their value, skipped when deny rules normalise a command. */
const GIT_GLOBALS_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env', '--super-prefix']);
const MIN_ABBREVIATION = 3;

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** Why an allow rule may not cover this git argv, or null when it may. */
export function gitRefusal(argv: ReadonlyArray<string>): string | null {
  let subcommandSeen = false;
  for (const word of argv.slice(1)) {
    if (word === '--') break;
    if (!word.startsWith('-')) {
      subcommandSeen = true;
      continue;
    }
    if (!subcommandSeen && !GIT_HARMLESS_GLOBALS.has(word)) return `the git option ${word} before the subcommand`;
    if (GIT_REFUSED_SHORT_OPTIONS.some((option) => word.startsWith(option) && !word.startsWith('--'))) return `the git option ${word}`;
    if (!word.startsWith('--')) continue;
    const name = word.split('=', 1)[0] ?? word;
    const refused = GIT_REFUSED_LONG_OPTIONS.find((option) => option === name || (name.length >= MIN_ABBREVIATION + 2 && option.startsWith(name)));
    if (refused !== undefined) return `the git option ${refused}`;
  }
  return null;
}

/** A rule pattern's words: whitespace separates them, `*` and `?` stay wildcards inside each word. */
function patternWords(pattern: string): string[] {
  return pattern
    .trim()
    .split(/[ \t]+/)
    .filter((word) => word !== '');
}

function wordsMatch(patterns: ReadonlyArray<string>, argv: ReadonlyArray<string>): boolean {
  return patterns.every((pattern, index) => matchesWildcard(pattern, argv[index] ?? ''));
}

/**
 * Whether a bash allow rule covers a command. Only a simple command can be covered (no operators, substitutions
 * or expansions: `parseSimpleCommand`); its argv must match the rule's words one by one. A last word `*` allows
 * any further arguments (none included); a last word ending in `*` (`status*`) matches that word and allows any
 * further arguments, as rules written for the old text matching expect. Git commands never pass with an option
 * from `GIT_REFUSED_LONG_OPTIONS`, `-c`/`-O`, or a global option before the subcommand.
 */
export function allowRuleCovers(pattern: string, command: string): boolean {
  const parsed = parseSimpleCommand(command);
  if (!parsed.simple) return false;
  const { argv } = parsed;
  if (basename(argv[0] ?? '') === 'git' && gitRefusal(argv) !== null) return false;
  const words = patternWords(pattern);
  const last = words.at(-1);
  if (last === undefined) return false;
  if (last === '*') return argv.length >= words.length - 1 && wordsMatch(words.slice(0, -1), argv);
  if (last.endsWith('*')) return argv.length >= words.length && wordsMatch(words, argv);
  return argv.length === words.length && wordsMatch(words, argv);
}

/** A simple command as deny rules compare it: wrappers and assignments dropped, `/usr/bin/git` as `git`, git's global options dropped. */
export function normaliseArgv(words: ReadonlyArray<string>): string[] {
  const argv = [...unwrapCommand(words)];
  if (argv.length === 0) return argv;
  argv[0] = basename(argv[0] ?? '');
  if (argv[0] !== 'git') return argv;
  const rest: string[] = [];
  let index = 1;
  for (; index < argv.length; index += 1) {
    const word = argv[index] ?? '';
    if (!word.startsWith('-')) break;
    if (GIT_GLOBALS_WITH_VALUE.has(word)) index += 1;
  }
  rest.push(...argv.slice(index));
  return ['git', ...rest];
}

/** Every command a line runs, normalised and joined by single spaces: chained, piped, substituted and in `bash -c`. */
export function normalisedCommands(command: string, depth = 0): string[] {
  const line = splitShellLine(command);
  const found: string[] = [];
  for (const simple of line.commands) {
    const argv = normaliseArgv(simple.words);
    if (argv.length === 0) continue;
    found.push(argv.join(' '));
    const inner = depth < MAX_NESTING ? innerCommand(argv[0] ?? '', argv.slice(1)) : null;
    if (inner !== null) found.push(...normalisedCommands(inner, depth + 1));
  }
  if (depth < MAX_NESTING) for (const substitution of line.substitutions) found.push(...normalisedCommands(substitution, depth + 1));
  return found;
}

/**
 * Whether a bash deny (or ask) rule hits a command: the rule's text against the raw command (leading spaces
 * trimmed), or against any command it runs once normalised (`git -C dir push`, `env X=1 git push`,
 * `command git push`, `/usr/bin/git push` and `ls; git push` all hit `git push*`).
 */
export function denyRuleHits(pattern: string, command: string): boolean {
  if (matchesWildcard(pattern, command) || matchesWildcard(pattern.trim(), command.trim())) return true;
  const normalisedPattern = patternWords(pattern).join(' ');
  return normalisedCommands(command).some((candidate) => matchesWildcard(normalisedPattern, candidate));
}
