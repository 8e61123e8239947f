import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { z } from 'zod';
import { claimPidFile, isProcessAlive, readPidFile } from './pid-file';

/** Which kind of engine holds a data folder. */
export const EngineOwner = z.enum(['desktop', 'serve', 'run', 'cli']);
export type EngineOwner = z.infer<typeof EngineOwner>;

/** What `<data dir>/engine.lock` says about the engine that holds the folder. */
export const EngineLockHolder = z.object({
  pid: z.number().int().positive(),
  owner: EngineOwner,
  hostname: z.string(),
  startedAt: z.string(),
  /** Tells this holding apart from a later one by the same process. */
  id: z.string(),
});
export type EngineLockHolder = z.infer<typeof EngineLockHolder>;

/** A held lock; `release` removes the file (only while it is still ours). */
export type EngineLock = Readonly<{ holder: EngineLockHolder; release(): void }>;

/** The data folder is held by another live engine; `holder` says which. */
export class DataFolderInUseError extends Error {
  override readonly name = 'DataFolderInUseError';
  constructor(
    readonly dataDir: string,
    readonly holder: EngineLockHolder,
  ) {
    super(`${dataDir} is in use by ${describeEngineHolder(holder)}`);
  }
}

/** Where the lock file of a data folder is. */
export function engineLockPath(dataDir: string): string {
  return join(dataDir, 'engine.lock');
}

/** "the Autoloop desktop app (pid 123)", for messages. */
export function describeEngineHolder(holder: EngineLockHolder): string {
  const what = { desktop: 'the Autoloop desktop app', serve: '`autoloop serve`', run: 'a foreground `autoloop run`', cli: 'another `autoloop` command' }[
    holder.owner
  ];
  return `${what} (pid ${holder.pid})`;
}

// Locks this process holds, so a second engine in the same process is refused too, while a lock
// file left with our pid by an earlier process (pids are reused) is not mistaken for ours.
const heldHere = new Map<string, string>();

const parseHolder = (raw: unknown): EngineLockHolder | null => EngineLockHolder.safeParse(raw).data ?? null;

/** The live engine holding the data folder, or null (a stale or unreadable file counts as none). */
export function readEngineLockHolder(dataDir: string): EngineLockHolder | null {
  const path = engineLockPath(dataDir);
  const holder = readPidFile(path, parseHolder);
  if (!holder) return null;
  if (holder.pid === process.pid) return heldHere.get(path) === holder.id ? holder : null;
  // Another machine sharing the folder (a network drive): its pids mean nothing here, so it holds.
  if (holder.hostname !== hostname()) return holder;
  return isProcessAlive(holder.pid) ? holder : null;
}

/**
 * Takes the exclusive lock on a data folder (DESIGN §13 `engine.lock`), so a second engine never
 * reconciles the first one's live runs or cancels their approvals. Throws `DataFolderInUseError`.
 */
export function acquireEngineLock(dataDir: string, owner: EngineOwner, now: Date = new Date()): EngineLock {
  const path = engineLockPath(dataDir);
  const holder: EngineLockHolder = { pid: process.pid, owner, hostname: hostname(), startedAt: now.toISOString(), id: randomUUID() };
  const other = claimPidFile(path, holder, () => readEngineLockHolder(dataDir));
  if (other) throw new DataFolderInUseError(dataDir, other);
  heldHere.set(path, holder.id);
  return {
    holder,
    release() {
      if (heldHere.get(path) !== holder.id) return;
      heldHere.delete(path);
      if (readPidFile(path, parseHolder)?.id === holder.id) rmSync(path, { force: true });
    },
  };
}
