import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { defineTool } from './agent-tool';
import { formatBytes, isBinaryFile, withFsErrors } from './fs-text';
import { resolveToolPath } from './tool-paths';

/** The most lines one `read_file` call returns. */
export const READ_MAX_LINES = 2_000;
/** The most text one `read_file` call returns. */
export const READ_MAX_BYTES = 256 * 1024;
/** Longer lines are cut, so one minified line cannot fill the context. */
export const READ_MAX_LINE_CHARS = 2_000;

type Excerpt = { lines: string[]; lastLine: number; seenLines: number; cut: 'lines' | 'bytes' | null };

function numbered(lineNumber: number, text: string): string {
  const shown = text.length > READ_MAX_LINE_CHARS ? `${text.slice(0, READ_MAX_LINE_CHARS)} [… line cut at ${READ_MAX_LINE_CHARS} characters]` : text;
  return `${String(lineNumber).padStart(6)}\t${shown}`;
}

async function readExcerpt(file: string, offset: number, limit: number): Promise<Excerpt> {
  const excerpt: Excerpt = { lines: [], lastLine: offset - 1, seenLines: 0, cut: null };
  let bytes = 0;
  // node:readline is loaded on the first read, not at every runner start.
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      excerpt.seenLines += 1;
      if (excerpt.seenLines < offset) continue;
      const line = numbered(excerpt.seenLines, text);
      if (excerpt.lines.length >= limit) excerpt.cut = 'lines';
      else if (bytes + Buffer.byteLength(line) + 1 > READ_MAX_BYTES) excerpt.cut = 'bytes';
      if (excerpt.cut !== null) break;
      excerpt.lines.push(line);
      bytes += Buffer.byteLength(line) + 1;
      excerpt.lastLine = excerpt.seenLines;
    }
  } finally {
    lines.close();
  }
  return excerpt;
}

/** Reads a text file with line numbers, a window at a time. */
export const readFileTool = defineTool({
  name: 'read_file',
  description:
    `Read a text file, with line numbers. Paths are relative to the working folder. Returns at most ${READ_MAX_LINES} lines or ${formatBytes(READ_MAX_BYTES)} ` +
    `per call; use offset and limit to read on. Binary files are refused.`,
  inputSchema: z.object({
    path: z.string().min(1).describe('The file, relative to the working folder.'),
    offset: z.number().int().min(1).optional().describe('The first line to return, counting from 1.'),
    limit: z.number().int().min(1).max(READ_MAX_LINES).optional().describe(`How many lines to return (at most ${READ_MAX_LINES}).`),
  }),
  effect: 'read',
  summarize: (input) => `read_file ${input.path}${input.offset === undefined ? '' : ` from line ${input.offset}`}`,
  async execute(input, context) {
    const target = await resolveToolPath(input.path, context);
    const offset = input.offset ?? 1;
    return withFsErrors('read_file', target.display, async () => {
      const info = await stat(target.path);
      if (info.isDirectory()) throw new Error(`read_file: ${target.display} is a folder; use list_dir or glob to see what is in it`);
      if (info.size === 0) return `(${target.display} is empty)`;
      if (await isBinaryFile(target.path)) {
        throw new Error(
          `read_file: ${target.display} looks like a binary file (${formatBytes(info.size)}); it is not shown. Use bash (e.g. \`file\`, \`xxd | head\`) to inspect it.`,
        );
      }
      const excerpt = await readExcerpt(target.path, offset, input.limit ?? READ_MAX_LINES);
      if (excerpt.lines.length === 0) {
        throw new Error(`read_file: ${target.display} has ${excerpt.seenLines} line${excerpt.seenLines === 1 ? '' : 's'}; offset ${offset} is past the end`);
      }
      const body = excerpt.lines.join('\n');
      if (excerpt.cut === null) return body;
      const limitText = excerpt.cut === 'lines' ? `${excerpt.lines.length}-line limit` : `${formatBytes(READ_MAX_BYTES)} limit`;
      return `${body}\n[… truncated at line ${excerpt.lastLine} (${limitText}); the file is ${formatBytes(info.size)}. Read on with offset=${excerpt.lastLine + 1} …]`;
    });
  },
});
