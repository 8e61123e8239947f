import { z } from 'zod';
import { defineTool } from './agent-tool';
import { withFsErrors } from './fs-text';
import { gitIgnoreFor, globMatcher, globMentions, ignoredNote } from './search-scope';
import { resolveToolPath } from './tool-paths';
import { SKIPPED_FOLDERS, walkFiles } from './walk-files';

/** The most paths one `glob` call returns. */
export const GLOB_MAX_RESULTS = 1_000;

/** Joins a path found below a folder to how that folder is shown, so results read relative to the workdir. */
export function joinDisplay(folderDisplay: string, relative: string): string {
  return folderDisplay === '.' ? relative : `${folderDisplay}/${relative}`;
}

/** Why a glob pattern cannot be used, or null: patterns stay below their folder. */
export function patternProblem(pattern: string): string | null {
  if (pattern.startsWith('/') || pattern.startsWith('~')) return 'the pattern must be relative; pass the folder to search in `path`';
  if (pattern.split('/').includes('..')) return 'the pattern may not contain `..`; pass the folder to search in `path`';
  return null;
}

/** Finds files by name pattern below a folder. */
export const globTool = defineTool({
  name: 'glob',
  description:
    `Find files whose path matches a glob pattern (\`*\`, \`**\`, \`?\`, \`{a,b}\`, \`{1..9}\`, \`[abc]\`, \`[[:digit:]]\`, \`+(a|b)\`), relative to the working folder or to \`path\`. ` +
    `What .gitignore excludes is skipped unless includeIgnored is true; node_modules and .git unless the pattern names them. Returns at most ${GLOB_MAX_RESULTS} paths, sorted.`,
  inputSchema: z.object({
    pattern: z.string().min(1).describe('A glob such as "src/**/*.ts" or "*.{json,yml}".'),
    path: z.string().optional().describe('The folder to search in, relative to the working folder (default ".").'),
    includeIgnored: z.boolean().optional().describe('Also search what .gitignore files and .git/info/exclude exclude.'),
  }),
  effect: 'read',
  summarize: (input) => `glob ${input.pattern}${input.path ? ` in ${input.path}` : ''}`,
  async execute(input, context) {
    const pattern = input.pattern.replace(/^(\.\/)+/, '');
    const problem = patternProblem(pattern);
    if (problem !== null) throw new Error(`glob: ${problem}`);
    const base = await resolveToolPath(input.path ?? '.', context);
    const matcher = globMatcher(pattern);
    const walk = await withFsErrors('glob', base.display, async () =>
      walkFiles(base.path, {
        skip: SKIPPED_FOLDERS.filter((name) => !globMentions(pattern, name)),
        gitIgnore: await gitIgnoreFor(base.path, context, input.includeIgnored),
      }),
    );
    const matched = walk.files.filter((file) => matcher(file.relative)).map((file) => joinDisplay(base.display, file.relative));
    const matches = matched.filter((display) => context.isReadDenied?.(display) !== true);
    const notes: string[] = [];
    if (matches.length < matched.length) notes.push(`[${matched.length - matches.length} paths the run's rules deny reading are not listed]`);
    if (matches.length > GLOB_MAX_RESULTS) notes.push(`[… ${matches.length - GLOB_MAX_RESULTS} more matches not shown; narrow the pattern …]`);
    if (walk.truncated) notes.push('[… the search stopped early: the folder holds too many entries; search a subfolder …]');
    if (walk.unreadable.length > 0) notes.push(`[${walk.unreadable.length} folders could not be read]`);
    if (matches.length === 0) notes.push(...ignoredNote(walk.ignored, 'entries'));
    if (matches.length === 0) return [`No files match ${input.pattern} in ${base.display === '.' ? 'the working folder' : base.display}.`, ...notes].join('\n');
    return [...matches.slice(0, GLOB_MAX_RESULTS), ...notes].join('\n');
  },
});
