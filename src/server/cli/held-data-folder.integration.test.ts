import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { engineLockPath } from '../../core/data-folder/engine-lock';
import { autoloopSync, jsonLines } from '../testing/cli-process';

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-held-'));
let holder: ChildProcess | null = null;
afterAll(() => {
  holder?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});
const autoloop = (...args: string[]) => autoloopSync(dataDir, ...args);

/** Makes a live process (not an Autoloop) the folder's holder, as a desktop app that serves no API would be. */
function holdFolder(): number {
  holder = spawn('sleep', ['120'], { stdio: 'ignore' });
  const pid = holder.pid ?? 0;
  writeFileSync(
    engineLockPath(dataDir),
    JSON.stringify({ pid, owner: 'desktop', hostname: hostname(), startedAt: new Date().toISOString(), id: 'held-by-the-test' }),
  );
  return pid;
}

describe('a data folder another live engine holds', () => {
  it('is read but never reconciled or changed by a CLI command; once free, the CLI reconciles it', async () => {
    expect(autoloop('run', 'demo-counter', '--interval', '0s').status).toBe(0);
    const [run] = jsonLines(autoloop('ls', '--json').stdout) as Array<{ id: string }>;
    const db = new Database(join(dataDir, 'autoloop.db'));
    db.prepare("UPDATE runs SET status = 'running', stop_reason = NULL WHERE id = ?").run(run?.id);
    db.close();
    const pid = holdFolder();

    const held = autoloop('ls', '--json');
    expect(held.status).toBe(0);
    expect(jsonLines(held.stdout)).toEqual([expect.objectContaining({ id: run?.id, status: 'running' })]);
    const bundle = join(dataDir, 'bundle.json');
    expect(autoloop('export', run?.id ?? '', '-o', bundle).status).toBe(0);
    const refused = autoloop('import', bundle);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain(`in use by the Autoloop desktop app (pid ${pid})`);
    expect(jsonLines(autoloop('ls', '--json').stdout)).toHaveLength(1);

    // Reaped before the next command, or the dead holder would still be a (zombie) process.
    const released = new Promise((resolve) => holder?.once('exit', resolve));
    holder?.kill('SIGKILL');
    await released;
    holder = null;
    expect(jsonLines(autoloop('ls', '--json').stdout)).toEqual([expect.objectContaining({ id: run?.id, status: 'paused', pauseReason: 'interrupted' })]);
  }, 60_000);
});
