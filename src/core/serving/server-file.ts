import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * What a process serving the API for a data folder writes to `<data dir>/server.json` (mode 0600), so
 * local CLI calls can find it: `autoloop serve`, or a foreground `autoloop run` (`owner: 'run'`), whose
 * embedded engine answers `autoloop approve`, `ls` and the rest from other terminals while it runs.
 */
export const ServerFile = z.object({
  url: z.string(),
  token: z.string(),
  pid: z.number().int(),
  host: z.string(),
  port: z.number().int(),
  owner: z.enum(['serve', 'run']).default('serve'),
});
export type ServerFile = z.infer<typeof ServerFile>;

/** Where the server file of a data folder is. */
export function serverFilePath(dataDir: string): string {
  return join(dataDir, 'server.json');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readServerFile(dataDir: string): ServerFile | null {
  try {
    const parsed = ServerFile.safeParse(JSON.parse(readFileSync(serverFilePath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The server running for this data folder, or null when there is none (a stale file is ignored). */
export function readLiveServer(dataDir: string): ServerFile | null {
  const file = readServerFile(dataDir);
  return file && isAlive(file.pid) ? file : null;
}

/**
 * Makes this process the one that serves the data folder: writes the file atomically (a complete
 * temp file hard-linked into place, which fails if one exists) and returns null; a stale file is
 * replaced. When another live process holds the folder, writes nothing and returns that holder.
 */
export function claimServerFile(dataDir: string, file: ServerFile): ServerFile | null {
  const target = serverFilePath(dataDir);
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        linkSync(temp, target);
        return null;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readLiveServer(dataDir);
        if (holder) return holder;
        rmSync(target, { force: true });
      }
    }
    throw new Error(`Could not write ${target}: another process keeps replacing it`);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Removes the server file if this process wrote it (never a successor's). */
export function removeServerFile(dataDir: string, pid: number = process.pid): void {
  if (readServerFile(dataDir)?.pid === pid) rmSync(serverFilePath(dataDir), { force: true });
}
