import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readPidFile } from '../data-folder/pid-file';

/**
 * `<data dir>/approver.json` (mode 0600): the approver code of the process serving the folder, so
 * the CLI on this machine can answer approvals as the person without being told the code. The data
 * folder is hidden from every sandboxed process, so no tool reads it; an unsandboxed `trusted`
 * run's tools could, as they could read the database itself (see "Approvals only from a person" in
 * docs/ARCHITECTURE.md). server.json, which the token lives in, never carries the code.
 */
const ApproverFile = z.object({ pid: z.number().int(), code: z.string().min(1).max(200) });

function approverFilePath(dataDir: string): string {
  return join(dataDir, 'approver.json');
}

/** Writes the serving process's approver code atomically, readable by the user only. */
export function writeApproverFile(dataDir: string, code: string, pid: number = process.pid): void {
  const path = approverFilePath(dataDir);
  const temp = `${path}.${pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ pid, code })}\n`, { mode: 0o600 });
  renameSync(temp, path);
}

/** The approver code of the process `pid` (the live server's), or null when the file is missing, damaged or another's. */
export function readApproverCode(dataDir: string, pid: number): string | null {
  const file = readPidFile(approverFilePath(dataDir), (raw) => ApproverFile.safeParse(raw).data ?? null);
  return file?.pid === pid ? file.code : null;
}

/** Removes the approver file if this process wrote it. */
export function removeApproverFile(dataDir: string, pid: number = process.pid): void {
  const file = readPidFile(approverFilePath(dataDir), (raw) => ApproverFile.safeParse(raw).data ?? null);
  if (file?.pid === pid) rmSync(approverFilePath(dataDir), { force: true });
}
