import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServerFile, claimServerFile, readLiveServer, removeServerFile, serverFilePath } from './server-file';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));
function tempDataDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'autoloop-server-file-'));
  folders.push(folder);
  return folder;
}
const file = (overrides: Partial<ServerFile> = {}): ServerFile => ({
  url: 'http://127.0.0.1:4317/?token=t',
  token: 't',
  pid: process.pid,
  host: '127.0.0.1',
  port: 4317,
  owner: 'serve',
  tls: false,
  ...overrides,
});
/** The pid of a process that has certainly exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('server.json', () => {
  it('is written readable by its owner only (mode 0600), token included', () => {
    const dataDir = tempDataDir();
    expect(claimServerFile(dataDir, file())).toBeNull();
    expect(statSync(serverFilePath(dataDir)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(serverFilePath(dataDir), 'utf8'))).toMatchObject({ token: 't', pid: process.pid });
  });

  it('cannot be claimed while a live process holds it: the claim names the holder', () => {
    const dataDir = tempDataDir();
    claimServerFile(dataDir, file({ owner: 'run' }));
    expect(claimServerFile(dataDir, file({ port: 9999 }))).toMatchObject({ owner: 'run', port: 4317 });
    expect(readLiveServer(dataDir)?.port).toBe(4317);
  });

  it('replaces a stale file whose process is gone, and ignores junk', () => {
    const dataDir = tempDataDir();
    writeFileSync(serverFilePath(dataDir), JSON.stringify(file({ pid: deadPid() })));
    expect(readLiveServer(dataDir)).toBeNull();
    expect(claimServerFile(dataDir, file({ port: 5000 }))).toBeNull();
    expect(readLiveServer(dataDir)?.port).toBe(5000);
    writeFileSync(serverFilePath(dataDir), 'not json');
    expect(readLiveServer(dataDir)).toBeNull();
  });

  it('is removed only by the process that wrote it', () => {
    const dataDir = tempDataDir();
    claimServerFile(dataDir, file());
    removeServerFile(dataDir, process.pid + 1);
    expect(readLiveServer(dataDir)).not.toBeNull();
    removeServerFile(dataDir);
    expect(readLiveServer(dataDir)).toBeNull();
  });
});
