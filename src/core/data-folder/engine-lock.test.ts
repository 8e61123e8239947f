import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFolderInUseError, acquireEngineLock, engineLockPath, readEngineLockHolder } from './engine-lock';

const folders: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true }));
  children.splice(0).forEach((child) => child.kill('SIGKILL'));
});
function tempDataDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'autoloop-lock-'));
  folders.push(folder);
  return folder;
}
/** A live process that is not this one. */
function otherLiveProcess(): number {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  return child.pid ?? 0;
}
/** The pid of a process that has certainly exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}
function writeLock(dataDir: string, pid: number, host = hostname()): void {
  writeFileSync(
    engineLockPath(dataDir),
    JSON.stringify({ pid, owner: 'desktop', hostname: host, startedAt: '2026-12-01T00:00:00.000Z', id: 'written-by-the-test' }),
  );
}

describe('engine.lock', () => {
  it('lets one engine hold a data folder and refuses a second, naming the holder', () => {
    const dataDir = tempDataDir();
    const lock = acquireEngineLock(dataDir, 'serve');
    expect(() => acquireEngineLock(dataDir, 'cli')).toThrow(DataFolderInUseError);
    expect(() => acquireEngineLock(dataDir, 'cli')).toThrow(`in use by \`autoloop serve\` (pid ${process.pid})`);
    lock.release();
    expect(existsSync(engineLockPath(dataDir))).toBe(false);
    acquireEngineLock(dataDir, 'cli').release();
  });

  it('is refused while another live process holds it, and taken over once that process is gone', () => {
    const dataDir = tempDataDir();
    const pid = otherLiveProcess();
    writeLock(dataDir, pid);
    expect(readEngineLockHolder(dataDir)).toMatchObject({ pid, owner: 'desktop' });
    expect(() => acquireEngineLock(dataDir, 'cli')).toThrow(`the Autoloop desktop app (pid ${pid})`);
    writeLock(dataDir, deadPid());
    expect(readEngineLockHolder(dataDir)).toBeNull();
    acquireEngineLock(dataDir, 'cli').release();
  });

  it('counts a lock file with this pid but not taken by this process as stale (pids are reused)', () => {
    const dataDir = tempDataDir();
    writeLock(dataDir, process.pid);
    expect(readEngineLockHolder(dataDir)).toBeNull();
    acquireEngineLock(dataDir, 'run').release();
  });

  it('treats a lock taken on another machine sharing the folder as held, and junk as no lock', () => {
    const dataDir = tempDataDir();
    writeLock(dataDir, deadPid(), 'another-machine');
    expect(() => acquireEngineLock(dataDir, 'cli')).toThrow(DataFolderInUseError);
    writeFileSync(engineLockPath(dataDir), 'not json');
    acquireEngineLock(dataDir, 'cli').release();
  });

  it('never removes a successor’s lock when released late', () => {
    const dataDir = tempDataDir();
    const first = acquireEngineLock(dataDir, 'cli');
    first.release();
    const second = acquireEngineLock(dataDir, 'serve');
    first.release();
    expect(readEngineLockHolder(dataDir)).toMatchObject({ owner: 'serve' });
    second.release();
  });
});
