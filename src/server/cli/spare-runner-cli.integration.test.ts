import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { liveProcesses } from '../../testing/processes';
import { autoloopSync, startServe, until, writeScript } from '../testing/cli-process';

// The spare runner `autoloop serve` keeps, seen from outside: real server processes, real runners found in /proc.

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function dataFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'autoloop-spare-cli-'));
  folders.push(folder);
  return folder;
}

/** Runner processes of this data folder (their compile cache names it), and which of them are spares. */
function runnersOf(dataDir: string): { all: number[]; spares: number[] } {
  const of = (spare: boolean) =>
    liveProcesses((candidate) => {
      const argv = candidate.argv();
      return argv.some((arg) => arg.endsWith('runner.js')) && argv.some((arg) => arg.includes(dataDir)) && argv.includes('--spare') === spare;
    });
  const spares = of(true);
  return { all: [...spares, ...of(false)], spares };
}

describe('autoloop serve --spare-runner', () => {
  it('keeps one spare, which the next run takes; a stopped server leaves no runner', async () => {
    const dataDir = dataFolder();
    const serve = await startServe(dataDir, '--spare-runner');
    try {
      await until(() => runnersOf(dataDir).spares.length === 1, 'a spare runner');
      const [spare] = runnersOf(dataDir).spares;
      const model = writeScript(dataDir, 'counting', {
        responses: [{ text: 'Counting.', toolCalls: [{ tool: 'report', input: { summary: 'one' } }] }, { text: 'ok' }],
      });
      const started = autoloopSync(dataDir, 'run', 'demo-counter', '--model', model, '--interval', '1h', '--detach');
      expect(started.status).toBe(0);
      const runId = started.stdout.trim();
      await until(() => /running|waiting/.test(autoloopSync(dataDir, 'show', runId).stdout), 'the run to run');
      // The run's runner is the process that was the spare (no runner was started for it), and a new spare follows.
      await until(() => runnersOf(dataDir).spares.some((pid) => pid !== spare), 'the next spare');
      const runners = runnersOf(dataDir);
      expect(runners.all).toContain(spare);
      expect(runners.all).toHaveLength(2);
      expect(runners.spares).toHaveLength(2);
      expect(autoloopSync(dataDir, 'stop', runId).status).toBe(0);
    } finally {
      await serve.stop();
    }
    expect(runnersOf(dataDir).all).toEqual([]);
  });

  it('leaves no spare behind when the server is killed with SIGKILL', async () => {
    const dataDir = dataFolder();
    const serve = await startServe(dataDir, '--spare-runner');
    await until(() => runnersOf(dataDir).spares.length === 1, 'a spare runner');
    serve.child.kill('SIGKILL');
    await serve.exited;
    await until(() => runnersOf(dataDir).all.length === 0, 'the spare to leave with its server');
  });

  it('is asked for: a server keeps no runner of its own by default', async () => {
    const dataDir = dataFolder();
    const serve = await startServe(dataDir);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(runnersOf(dataDir).all).toEqual([]);
    } finally {
      await serve.stop();
    }
  });
});
