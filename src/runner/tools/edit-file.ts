import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { defineTool } from './agent-tool';
import { looksBinary, withFsErrors } from './fs-text';
import { resolveToolPath } from './tool-paths';

/** How often `needle` occurs in `text`, without overlaps. */
export function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Why `old` was not found, with a hint when it is there up to whitespace. */
function notFoundMessage(display: string, text: string, old: string): string {
  const base = `edit_file: the text to replace was not found in ${display}.`;
  const nearMiss = collapseSpaces(text).includes(collapseSpaces(old));
  return nearMiss
    ? `${base} It is there with different whitespace or line breaks: read the file again and copy the exact text, indentation included.`
    : `${base} Read the file again and copy the exact text, indentation included.`;
}

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s*\n\s*/g, '⏎');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** Replaces an exact piece of text in a file: once (it must be unique) or everywhere. */
export const editFileTool = defineTool({
  name: 'edit_file',
  description:
    'Replace an exact piece of text in a file. `old` must match the file exactly, whitespace included, and occur exactly once unless replaceAll ' +
    'is true. Include a few surrounding lines to make it unique.',
  inputSchema: z.object({
    path: z.string().min(1).describe('The file, relative to the working folder.'),
    old: z.string().min(1).describe('The exact text to replace.'),
    new: z.string().describe('The text to put in its place.'),
    replaceAll: z.boolean().optional().describe('Replace every occurrence instead of exactly one.'),
  }),
  effect: 'write',
  summarize: (input) => `edit_file ${input.path}: replace "${shorten(input.old, 60)}"${input.replaceAll ? ' (every occurrence)' : ''}`,
  async execute(input, context) {
    if (input.old === input.new) throw new Error('edit_file: old and new are the same; nothing to change');
    const target = await resolveToolPath(input.path, context);
    return withFsErrors('edit_file', target.display, async () => {
      const bytes = await readFile(target.path);
      if (looksBinary(bytes)) throw new Error(`edit_file: ${target.display} looks like a binary file; it was not changed`);
      const text = bytes.toString('utf8');
      const count = countOccurrences(text, input.old);
      if (count === 0) throw new Error(notFoundMessage(target.display, text, input.old));
      if (count > 1 && !input.replaceAll) {
        throw new Error(
          `edit_file: the text to replace occurs ${count} times in ${target.display}. Include more surrounding lines to make it unique, or set ` +
            `replaceAll to change every occurrence.`,
        );
      }
      // split/join and slicing, not String.replace: `$&` and friends in `new` must stay literal.
      const at = text.indexOf(input.old);
      const edited = input.replaceAll ? text.split(input.old).join(input.new) : text.slice(0, at) + input.new + text.slice(at + input.old.length);
      await writeFile(target.path, edited, 'utf8');
      return `Replaced ${count === 1 ? '1 occurrence' : `${count} occurrences`} in ${target.display}.`;
    });
  },
});
