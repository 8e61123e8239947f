import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** What `autoloop serve` writes to `<data dir>/server.json` (mode 0600) so local CLI calls can find it. */
export const ServerFile = z.object({ url: z.string(), token: z.string(), pid: z.number().int(), host: z.string(), port: z.number().int() });
export type ServerFile = z.infer<typeof ServerFile>;

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

/** The server running for this data folder, or null when there is none (a stale file is ignored). */
export function readLiveServer(dataDir: string): ServerFile | null {
  try {
    const parsed = ServerFile.safeParse(JSON.parse(readFileSync(serverFilePath(dataDir), 'utf8')));
    return parsed.success && isAlive(parsed.data.pid) ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeServerFile(dataDir: string, file: ServerFile): void {
  writeFileSync(serverFilePath(dataDir), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

export function removeServerFile(dataDir: string): void {
  rmSync(serverFilePath(dataDir), { force: true });
}
