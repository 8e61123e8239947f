import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { defineTool } from './agent-tool';
import { caseFoldedSource } from './case-fold-pattern';
import { BINARY_SNIFF_BYTES, looksBinary, withFsErrors } from './fs-text';
import { joinDisplay } from './glob';
import { gitIgnoreFor, globMatcher, globMentions, ignoredNote } from './search-scope';
import { resolveToolPath } from './tool-paths';
import type { GitIgnoreFilter } from './git-ignore';
import { SKIPPED_FOLDERS, type WalkedFile, walkFiles } from './walk-files';

/** The most matching lines one `grep` call returns. */
export const GREP_MAX_MATCHES = 500;
/** Files larger than this are skipped (logs, bundles, data). */
export const GREP_MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Matching lines longer than this are cut. */
export const GREP_MAX_LINE_CHARS = 300;

/** The most lines of context a call may ask for around each match. */
export const GREP_MAX_CONTEXT_LINES = 20;

function cut(line: string): string {
  return line.length > GREP_MAX_LINE_CHARS ? `${line.slice(0, GREP_MAX_LINE_CHARS)}…` : line;
}

/**
 * Matching lines of one text as `file:line: text`, and with `context` > 0 the lines around each match as
 * `file-line- text` (as grep -C shows them), with `--` between groups that do not touch. `matches` counts the matches.
 */
export function matchingLines(display: string, text: string, regex: RegExp, context = 0): { lines: string[]; matches: number } {
  const lines = text.split(/\r?\n/);
  const hits: number[] = [];
  lines.forEach((line, index) => {
    if (regex.test(line)) hits.push(index);
  });
  if (context === 0) return { lines: hits.map((index) => `${display}:${index + 1}: ${cut(lines[index] ?? '')}`), matches: hits.length };
  const shown: string[] = [];
  const isHit = new Set(hits);
  let printedUpTo = -1;
  for (const hit of hits) {
    const from = Math.max(hit - context, printedUpTo + 1);
    if (printedUpTo >= 0 && from > printedUpTo + 1) shown.push('--');
    const to = Math.min(hit + context, lines.length - 1);
    for (let index = from; index <= to; index += 1) {
      shown.push(`${display}${isHit.has(index) ? ':' : '-'}${index + 1}${isHit.has(index) ? ':' : '-'} ${cut(lines[index] ?? '')}`);
    }
    printedUpTo = Math.max(printedUpTo, to);
  }
  return { lines: shown, matches: hits.length };
}

function compile(pattern: string, ignoreCase: boolean): RegExp {
  try {
    const regex = new RegExp(pattern, ignoreCase ? 'i' : '');
    // Without the `i` flag, the linear-time fallback covers a runaway ignoreCase pattern too.
    const folded = ignoreCase ? caseFoldedSource(pattern) : null;
    return folded === null ? regex : new RegExp(folded);
  } catch (error) {
    throw new Error(`grep: invalid regular expression: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** The files to search: the one file named, or the walk of a folder filtered by `glob` (on the name when it has no `/`). */
async function candidates(
  base: Readonly<{ path: string; display: string }>,
  glob: string | undefined,
  gitIgnore: () => Promise<GitIgnoreFilter | undefined>,
): Promise<{ files: WalkedFile[]; notes: string[]; ignored: number }> {
  const info = await stat(base.path);
  if (!info.isDirectory()) return { files: [{ path: base.path, relative: base.display, symlink: false }], notes: [], ignored: 0 };
  const named = `${glob ?? ''} ${base.display}`;
  const matcher = glob === undefined ? null : globMatcher(glob.replace(/^(\.\/)+/, ''), { onName: !glob.includes('/') });
  const walk = await walkFiles(base.path, { skip: SKIPPED_FOLDERS.filter((name) => !globMentions(named, name)), gitIgnore: await gitIgnore() });
  const files = walk.files.filter((file) => !file.symlink && (matcher === null || matcher(file.relative)));
  const notes = walk.truncated ? ['[… the search stopped early: the folder holds too many entries; search a subfolder …]'] : [];
  return { files: files.map((file) => ({ ...file, relative: joinDisplay(base.display, file.relative) })), notes, ignored: walk.ignored };
}

/** Searches file contents with a regular expression. */
export const grepTool = defineTool({
  name: 'grep',
  description:
    `Search file contents with a JavaScript regular expression. Searches the working folder or \`path\` (a file or folder), optionally only files ` +
    `matching \`glob\` ("*.ts" matches names, "src/**/*.ts" paths). Returns "file:line: text" lines, at most ${GREP_MAX_MATCHES}, with \`context\` lines ` +
    `around each match as "file-line- text"; \`output\` "files" lists only the files that match, "count" the matches per file. Skips binary ` +
    `files, symbolic links, files over 5 MiB, node_modules, .git and what .gitignore excludes (unless includeIgnored is true).`,
  inputSchema: z.object({
    pattern: z.string().min(1).describe('A JavaScript regular expression, e.g. "function\\\\s+main".'),
    path: z.string().optional().describe('The file or folder to search, relative to the working folder (default ".").'),
    glob: z.string().optional().describe('Only search files matching this glob.'),
    ignoreCase: z.boolean().optional().describe('Match regardless of case.'),
    context: z.number().int().min(0).max(GREP_MAX_CONTEXT_LINES).optional().describe('Lines to show before and after each match (default 0).'),
    output: z
      .enum(['lines', 'files', 'count'])
      .optional()
      .describe('"lines" (default): the matching lines; "files": only the paths of matching files; "count": matches per file.'),
    includeIgnored: z.boolean().optional().describe('Also search what .gitignore files and .git/info/exclude exclude.'),
  }),
  effect: 'read',
  summarize: (input) => `grep /${input.pattern}/${input.ignoreCase ? 'i' : ''} in ${input.path ?? '.'}${input.glob ? ` (${input.glob})` : ''}`,
  async execute(input, context) {
    const regex = compile(input.pattern, input.ignoreCase ?? false);
    const base = await resolveToolPath(input.path ?? '.', context);
    const {
      files: walked,
      notes,
      ignored,
    } = await withFsErrors('grep', base.display, () => candidates(base, input.glob, () => gitIgnoreFor(base.path, context, input.includeIgnored)));
    const output = input.output ?? 'lines';
    // Files the run's rules deny reading are not searched: a deny rule for read_file holds for grep too.
    const files = walked.filter((file) => context.isReadDenied?.(file.relative) !== true);
    if (files.length < walked.length) notes.push(`[${walked.length - files.length} files the run's rules deny reading were not searched]`);
    const found: string[] = [];
    let skipped = 0;
    for (const file of files) {
      if (found.length > GREP_MAX_MATCHES) break;
      const bytes = await withFsErrors('grep', file.relative, async () => ((await stat(file.path)).size > GREP_MAX_FILE_BYTES ? null : readFile(file.path)));
      if (bytes === null) skipped += 1;
      if (bytes === null || looksBinary(bytes.subarray(0, BINARY_SNIFF_BYTES))) continue;
      const { lines, matches } = matchingLines(file.relative, bytes.toString('utf8'), regex, output === 'lines' ? (input.context ?? 0) : 0);
      if (matches === 0) continue;
      if (output === 'files') found.push(file.relative);
      else if (output === 'count') found.push(`${file.relative}: ${matches}`);
      else found.push(...lines);
    }
    if (found.length > GREP_MAX_MATCHES)
      notes.unshift(`[… more matches not shown: the first ${GREP_MAX_MATCHES} are listed; narrow the pattern, path or glob …]`);
    if (skipped > 0) notes.push(`[${skipped} files over 5 MiB were skipped]`);
    if (found.length === 0) notes.push(...ignoredNote(ignored, 'files'));
    if (found.length === 0) return [`No matches for /${input.pattern}/ in ${base.display === '.' ? 'the working folder' : base.display}.`, ...notes].join('\n');
    return [...found.slice(0, GREP_MAX_MATCHES), ...notes].join('\n');
  },
});
