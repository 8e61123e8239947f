import { chmodSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readPidFile } from '../data-folder/pid-file';
import { createAccessToken, createApproverCode } from './access-token';

/**
 * `<data dir>/access.json` (mode 0600): the access token and approver code every serving process of
 * this folder uses, kept across restarts so a page that was open (its cookies, its URL) reconnects to
 * the next server instead of being refused. Rotated only when asked (`autoloop serve --rotate-token`),
 * which makes every URL, cookie and copy of the code given out before useless. The data folder is
 * hidden from every sandboxed process, as for server.json and approver.json.
 */
const AccessFile = z.object({
  token: z.string().min(32).max(200),
  approverCode: z.string().min(20).max(200),
  createdAt: z.string(),
});
export type AccessSecrets = Readonly<{ token: string; approverCode: string }>;

/** What `loadAccessSecrets` did: kept the folder's secrets, made the first ones, or replaced them as asked. */
export type AccessLoad = AccessSecrets & Readonly<{ origin: 'kept' | 'created' | 'rotated' }>;

export function accessFilePath(dataDir: string): string {
  return join(dataDir, 'access.json');
}

function writeAccessFile(path: string, secrets: AccessSecrets): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ ...secrets, createdAt: new Date().toISOString() }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600); // whatever the umask
  renameSync(temp, path);
}

/**
 * The folder's access token and approver code: the kept ones, or fresh ones when there are none, the
 * file is damaged, or `rotate` asks. A kept file whose mode is looser than 0600 is tightened.
 */
export function loadAccessSecrets(dataDir: string, options: Readonly<{ rotate?: boolean }> = {}): AccessLoad {
  const path = accessFilePath(dataDir);
  const kept = readPidFile(path, (raw) => AccessFile.safeParse(raw).data ?? null);
  if (kept && !options.rotate) {
    if ((statSync(path).mode & 0o777) !== 0o600) chmodSync(path, 0o600);
    return { token: kept.token, approverCode: kept.approverCode, origin: 'kept' };
  }
  const secrets = { token: createAccessToken(), approverCode: createApproverCode() };
  writeAccessFile(path, secrets);
  return { ...secrets, origin: kept ? 'rotated' : 'created' };
}
