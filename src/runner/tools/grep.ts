import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { defineTool } from './agent-tool';
import { caseFoldedSource } from './case-fold-pattern';
import { BINARY_SNIFF_BYTES, looksBinary, withFsErrors } from './fs-text';
import { joinDisplay } from './glob';
import { globMentions, globToRegExp } from './glob-match';
import { resolveToolPath } from './tool-paths';
import { SKIPPED_FOLDERS, type WalkedFile, walkFiles } from './walk-files';

/** The most matching lines one `grep` call returns. */
export const GREP_MAX_MATCHES = 500;
/** Files larger than this are skipped (logs, bundles, data). */
export const GREP_MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Matching lines longer than this are cut. */
export const GREP_MAX_LINE_CHARS = 300;

/** Matching lines of one text as `file:line: text`. */
export function matchingLines(display: string, text: string, regex: RegExp): string[] {
  const found: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!regex.test(line)) return;
    const shown = line.length > GREP_MAX_LINE_CHARS ? `${line.slice(0, GREP_MAX_LINE_CHARS)}…` : line;
    found.push(`${display}:${index + 1}: ${shown}`);
  });
  return found;
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
async function candidates(base: Readonly<{ path: string; display: string }>, glob: string | undefined): Promise<{ files: WalkedFile[]; notes: string[] }> {
  const info = await stat(base.path);
  if (!info.isDirectory()) return { files: [{ path: base.path, relative: base.display, symlink: false }], notes: [] };
  const named = `${glob ?? ''} ${base.display}`;
  const walk = await walkFiles(base.path, { skip: SKIPPED_FOLDERS.filter((name) => !globMentions(named, name)) });
  const matcher = glob === undefined ? null : globToRegExp(glob.replace(/^(\.\/)+/, ''));
  const onName = glob !== undefined && !glob.includes('/');
  const files = walk.files.filter((file) => !file.symlink && (matcher === null || matcher.test(onName ? path.posix.basename(file.relative) : file.relative)));
  const notes = walk.truncated ? ['[… the search stopped early: the folder holds too many entries; search a subfolder …]'] : [];
  return { files: files.map((file) => ({ ...file, relative: joinDisplay(base.display, file.relative) })), notes };
}

/** Searches file contents with a regular expression. */
export const grepTool = defineTool({
  name: 'grep',
  description:
    `Search file contents with a JavaScript regular expression. Searches the working folder or \`path\` (a file or folder), optionally only files ` +
    `matching \`glob\` ("*.ts" matches names, "src/**/*.ts" paths). Returns "file:line: text" lines, at most ${GREP_MAX_MATCHES}. Skips binary ` +
    `files, symbolic links, files over 5 MiB, node_modules and .git.`,
  inputSchema: z.object({
    pattern: z.string().min(1).describe('A JavaScript regular expression, e.g. "function\\\\s+main".'),
    path: z.string().optional().describe('The file or folder to search, relative to the working folder (default ".").'),
    glob: z.string().optional().describe('Only search files matching this glob.'),
    ignoreCase: z.boolean().optional().describe('Match regardless of case.'),
  }),
  effect: 'read',
  summarize: (input) => `grep /${input.pattern}/${input.ignoreCase ? 'i' : ''} in ${input.path ?? '.'}${input.glob ? ` (${input.glob})` : ''}`,
  async execute(input, context) {
    const regex = compile(input.pattern, input.ignoreCase ?? false);
    const base = await resolveToolPath(input.path ?? '.', context);
    const { files: walked, notes } = await withFsErrors('grep', base.display, () => candidates(base, input.glob));
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
      found.push(...matchingLines(file.relative, bytes.toString('utf8'), regex));
    }
    if (found.length > GREP_MAX_MATCHES)
      notes.unshift(`[… more matches not shown: the first ${GREP_MAX_MATCHES} are listed; narrow the pattern, path or glob …]`);
    if (skipped > 0) notes.push(`[${skipped} files over 5 MiB were skipped]`);
    if (found.length === 0) return [`No matches for /${input.pattern}/ in ${base.display === '.' ? 'the working folder' : base.display}.`, ...notes].join('\n');
    return [...found.slice(0, GREP_MAX_MATCHES), ...notes].join('\n');
  },
});
