import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { defineTool } from './agent-tool';
import { withFsErrors } from './fs-text';
import { gitIgnoreFor } from './search-scope';
import { resolveToolPath } from './tool-paths';

/** The most entries one `list_dir` call shows. */
export const LIST_MAX_ENTRIES = 1_000;

/** An entry's name as `list_dir` shows it: folders and links to folders end in `/`. */
async function entryName(folder: string, entry: Dirent): Promise<string> {
  if (entry.isDirectory()) return `${entry.name}/`;
  if (!entry.isSymbolicLink()) return entry.name;
  // A dangling or unreadable link is listed as a plain name on purpose; reading it still goes through the path guard.
  const target = await stat(path.join(folder, entry.name)).catch(() => null);
  return target?.isDirectory() ? `${entry.name}/` : entry.name;
}

/** Lists one folder. */
export const listDirTool = defineTool({
  name: 'list_dir',
  description:
    `List the entries of a folder (default: the working folder), sorted by name; folders end with "/". Shows at most ${LIST_MAX_ENTRIES} entries. ` +
    `Entries .gitignore excludes are left out (and counted) unless includeIgnored is true. Use glob to search deeper.`,
  inputSchema: z.object({
    path: z.string().optional().describe('The folder, relative to the working folder (default ".").'),
    includeIgnored: z.boolean().optional().describe('Also list what .gitignore files and .git/info/exclude exclude.'),
  }),
  effect: 'read',
  summarize: (input) => `list_dir ${input.path ?? '.'}`,
  async execute(input, context) {
    const target = await resolveToolPath(input.path ?? '.', context);
    return withFsErrors('list_dir', target.display, async () => {
      const all = await readdir(target.path, { withFileTypes: true });
      if (all.length === 0) return `(${target.display} is empty)`;
      const gitIgnore = await gitIgnoreFor(target.path, context, input.includeIgnored);
      await gitIgnore?.enter(target.path);
      const entries = gitIgnore ? all.filter((entry) => !gitIgnore.ignores(path.join(target.path, entry.name), entry.isDirectory())) : all;
      const ignored = all.length - entries.length;
      const ignoredNote = ignored > 0 ? `\n[${ignored} entries .gitignore excludes are not shown; pass includeIgnored: true to list them]` : '';
      if (entries.length === 0) return `(every entry of ${target.display} is excluded by .gitignore)${ignoredNote}`;
      const names = (await Promise.all(entries.map((entry) => entryName(target.path, entry)))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const shown = names.slice(0, LIST_MAX_ENTRIES).join('\n');
      return names.length > LIST_MAX_ENTRIES
        ? `${shown}\n[… ${names.length - LIST_MAX_ENTRIES} more entries not shown …]${ignoredNote}`
        : `${shown}${ignoredNote}`;
    });
  },
});
