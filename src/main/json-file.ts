import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The outcome of reading a small JSON file the shell keeps (window place, desktop settings). */
export type JsonFileRead = Readonly<{ value: unknown; problem: string | null }>;

/** Reads and parses a JSON file; a missing file is `null` with no problem, a broken one `null` with the reason. */
export function readJsonFile(file: string): JsonFileRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { value: null, problem: null };
    return { value: null, problem: `could not read ${file}: ${(error as Error).message}` };
  }
  try {
    return { value: JSON.parse(text) as unknown, problem: null };
  } catch (error) {
    return { value: null, problem: `${file} is not valid JSON: ${(error as Error).message}` };
  }
}

/** Writes a JSON file through a temporary file and a rename, so a crash never leaves half a file. */
export function writeJsonFile(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temporary, file);
}
