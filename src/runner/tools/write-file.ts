import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { defineTool } from './agent-tool';
import { formatBytes, withFsErrors } from './fs-text';
import { resolveToolPath } from './tool-paths';

/** Writes a whole file, creating its folders; replaces what was there. */
export const writeFileTool = defineTool({
  name: 'write_file',
  description:
    'Write a text file, replacing it if it exists; missing parent folders are created. Paths are relative to the working folder. For a small ' +
    'change to an existing file, prefer edit_file.',
  inputSchema: z.object({
    path: z.string().min(1).describe('The file, relative to the working folder.'),
    content: z.string().describe('The complete new content of the file.'),
  }),
  effect: 'write',
  summarize: (input) => `write_file ${input.path} (${formatBytes(Buffer.byteLength(input.content))})`,
  async execute(input, context) {
    const target = await resolveToolPath(input.path, context);
    return withFsErrors('write_file', target.display, async () => {
      await mkdir(path.dirname(target.path), { recursive: true });
      await writeFile(target.path, input.content, 'utf8');
      return `Wrote ${Buffer.byteLength(input.content)} bytes to ${target.display}.`;
    });
  },
});
