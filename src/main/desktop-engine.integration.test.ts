import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineLockPath } from '../core/data-folder/engine-lock';
import { createMemoryLogger } from '../core/logger';
import { createNodeRunnerHost } from '../core/runner-host/node-runner-host';
import { serverFilePath } from '../core/serving/server-file';
import { REPO_ROOT, RESOURCES_DIR, RUNNER_ENTRY } from '../core/testing/temp-engine';
import { waitUntil } from '../core/testing/wait-until';
import { liveProcesses } from '../testing/processes';
import { type DesktopEngine, startDesktopEngine } from './desktop-engine';

const folders: string[] = [];
const engines: DesktopEngine[] = [];
afterEach(async () => {
  for (const desktop of engines.splice(0)) await desktop.close();
  folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true }));
});
function tempDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'autoloop-desktop-'));
  folders.push(folder);
  return folder;
}

/** Runs the real `autoloop` command without blocking this process, whose engine must answer it. */
function autoloop(dataDir: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { FORCE_COLOR: _forceColor, ...env } = process.env;
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'autoloop.js'), ...args, '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const jsonLines = (stdout: string): unknown[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown);

async function startDesktop(dataDir: string): Promise<DesktopEngine> {
  const desktop = await startDesktopEngine({
    dataDir,
    legacyDir: tempDir(),
    resourcesDir: RESOURCES_DIR,
    rendererDir: join(REPO_ROOT, 'out', 'renderer'),
    host: createNodeRunnerHost({ runnerEntry: RUNNER_ENTRY }),
    log: createMemoryLogger(),
    version: 'test',
  });
  engines.push(desktop);
  return desktop;
}

/** Spare runners this process started (the engine under test is in this process). */
const ownSpares = (): number[] =>
  liveProcesses((candidate) => {
    const stat = readFileSync(`/proc/${candidate.pid}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return parent === process.pid && candidate.argv().includes('--spare');
  });

describe('the desktop app’s spare runner', () => {
  it('keeps one loaded runner that the next run takes, and ends it when the app closes', async () => {
    const desktop = await startDesktop(tempDir());
    await waitUntil(() => ownSpares().length === 1, 'a spare runner');
    const [spare] = ownSpares();
    const run = await desktop.engine.api['runs.start']({ template: 'demo-counter', name: 'takes the spare', params: {}, replace: false });
    await waitUntil(() => desktop.engine.runnerPid(run.id) !== null || ownSpares().length !== 1, 'the run to have a runner');
    expect(desktop.engine.runnerPid(run.id)).toBe(spare);
    await waitUntil(async () => (await desktop.engine.api['runs.get']({ id: run.id })).status === 'ended', 'the demo run to end', 30_000);
    await waitUntil(() => ownSpares().length === 1 && ownSpares()[0] !== spare, 'the next spare');
    await desktop.close();
    expect(ownSpares()).toEqual([]);
  }, 60_000);
});

describe('the desktop app’s engine and the CLI on one data folder', () => {
  it('serves the API the CLI uses: `autoloop ls` sees a run the desktop app started, through server.json', async () => {
    const dataDir = tempDir();
    const desktop = await startDesktop(dataDir);
    expect(JSON.parse(readFileSync(serverFilePath(dataDir), 'utf8'))).toMatchObject({ owner: 'desktop', pid: process.pid, host: '127.0.0.1' });
    const run = await desktop.engine.api['runs.start']({ template: 'demo-counter', name: 'from the desktop', params: {}, replace: false });
    await waitUntil(async () => (await desktop.engine.api['runs.get']({ id: run.id })).status === 'ended', 'the demo run to end', 30_000);

    const ls = await autoloop(dataDir, 'ls', '--json');
    expect(ls.stderr).toBe('');
    expect(jsonLines(ls.stdout)).toEqual([expect.objectContaining({ id: run.id, name: 'from the desktop', stopReason: 'completed' })]);
    const serve = await autoloop(dataDir, 'serve', '--port', '0');
    expect(serve.code).not.toBe(0);
    expect(serve.stderr).toContain(`The Autoloop desktop app (pid ${process.pid}) is serving ${dataDir}`);
  }, 60_000);

  it('gives the folder back when it closes: no server.json, no engine.lock, and the CLI opens it itself', async () => {
    const dataDir = tempDir();
    const desktop = await startDesktop(dataDir);
    expect(existsSync(engineLockPath(dataDir))).toBe(true);
    await desktop.close();
    engines.splice(0);
    expect(existsSync(serverFilePath(dataDir))).toBe(false);
    expect(existsSync(engineLockPath(dataDir))).toBe(false);
    expect((await autoloop(dataDir, 'ls')).code).toBe(0);
  }, 60_000);
});
