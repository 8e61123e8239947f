import { chmodSync, existsSync, mkdirSync } from 'node:fs';

/** Folders only the person's user may enter. */
export const PRIVATE_FOLDER_MODE = 0o700;
/** Files only the person's user may read or write. */
export const PRIVATE_FILE_MODE = 0o600;

/** Creates a folder (and its parents) if needed and makes it private, also when it existed with looser rights. */
export function ensurePrivateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  chmodSync(folder, PRIVATE_FOLDER_MODE);
}

/** Makes the files that exist private (the database and its WAL and shared-memory files, say); missing ones are skipped. */
export function makeFilesPrivate(files: ReadonlyArray<string>): void {
  for (const file of files) if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
}
