import { X509Certificate } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { claimPidFile, isProcessAlive, readPidFile } from '../data-folder/pid-file';

/**
 * What a process serving the API for a data folder writes to `<data dir>/server.json` (mode 0600), so
 * local CLI calls can find it: `autoloop serve`, the desktop app (`owner: 'desktop'`), or a foreground
 * `autoloop run` (`owner: 'run'`), whose embedded engine answers `autoloop approve`, `ls` and the rest
 * from other terminals while it runs.
 */
export const ServerFile = z.object({
  url: z.string(),
  token: z.string(),
  pid: z.number().int(),
  host: z.string(),
  port: z.number().int(),
  owner: z.enum(['serve', 'run', 'desktop']).default('serve'),
  /** Served over TLS: this machine's CLI connects with wss, trusting exactly this certificate (PEM) for the loopback address. */
  tls: z.boolean().default(false),
  tlsCert: z.string().optional(),
});
export type ServerFile = z.infer<typeof ServerFile>;

/** Where the server file of a data folder is. */
export function serverFilePath(dataDir: string): string {
  return join(dataDir, 'server.json');
}

const parseServerFile = (raw: unknown): ServerFile | null => ServerFile.safeParse(raw).data ?? null;

function readServerFile(dataDir: string): ServerFile | null {
  return readPidFile(serverFilePath(dataDir), parseServerFile);
}

/** The server running for this data folder, or null when there is none (a stale file is ignored). */
export function readLiveServer(dataDir: string): ServerFile | null {
  const file = readServerFile(dataDir);
  return file && isProcessAlive(file.pid) ? file : null;
}

/**
 * Makes this process the one that serves the data folder (written atomically, mode 0600) and
 * returns null; a stale file is replaced. When another live process holds the folder, writes
 * nothing and returns that holder.
 */
export function claimServerFile(dataDir: string, file: ServerFile): ServerFile | null {
  return claimPidFile(serverFilePath(dataDir), file, () => readLiveServer(dataDir));
}

/** Removes the server file if this process wrote it (never a successor's). */
export function removeServerFile(dataDir: string, pid: number = process.pid): void {
  if (readServerFile(dataDir)?.pid === pid) rmSync(serverFilePath(dataDir), { force: true });
}

/** The SHA-256 fingerprint of the first certificate of a PEM file, as Node's TLS reports a peer's (`AB:CD:…`). */
export function certificateFingerprint(pem: Buffer): string {
  return new X509Certificate(pem).fingerprint256;
}
