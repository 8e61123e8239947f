import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/** Whether a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The parsed content of a pid file, or null when it is missing or does not parse. */
export function readPidFile<T>(path: string, parse: (raw: unknown) => T | null): T | null {
  try {
    return parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return null;
  }
}

/** How often a claim retries after finding a stale file (another process may be replacing it too). */
const CLAIM_ATTEMPTS = 3;

/**
 * Makes this process the holder of a pid file: writes a complete temp file (mode 0600) and
 * hard-links it into place, which fails when the file exists, so two claimants never both win.
 * A file whose holder is no longer alive (`liveHolder` answers null) is replaced. Returns null on
 * success, else the live holder, and writes nothing.
 */
export function claimPidFile<T>(path: string, content: T, liveHolder: () => T | null): T | null {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
      try {
        linkSync(temp, path);
        return null;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = liveHolder();
        if (holder) return holder;
        rmSync(path, { force: true });
      }
    }
    throw new Error(`Could not write ${path}: another process keeps replacing it`);
  } finally {
    rmSync(temp, { force: true });
  }
}
