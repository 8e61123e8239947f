import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bashTool, formatBashRun } from './bash';
import { reportProcessGroupsTo } from './process-group';
import { type TempRun, createTempRun } from './test-context';

let run: TempRun;

beforeEach(async () => {
  run = await createTempRun();
});

afterEach(async () => {
  await run.cleanup();
});

/** True while the process runs. A zombie counts as gone: where PID 1 does not reap orphans, killed ones stay zombies. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function pidsIn(file: string): Promise<number[]> {
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map(Number);
}

async function waitForLines(file: string, count: number): Promise<void> {
  for (;;) {
    const lines = await readFile(file, 'utf8').then(
      (text) => text.split('\n').filter(Boolean).length,
      () => 0,
    );
    if (lines >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A command that starts two background grandchildren and blocks, writing every pid (its own too) to pids.txt. */
const SPAWNS_GRANDCHILDREN = 'echo $$ > pids.txt; sleep 30 & echo $! >> pids.txt; (sleep 30; true) & echo $! >> pids.txt; sleep 30';

describe('bash', () => {
  it('runs in the working folder', async () => {
    expect(await bashTool.execute({ command: 'pwd' }, run.context())).toBe(`${run.workdir}\n[exit code 0]`);
  });

  it('returns stdout and stderr together and the exit code', async () => {
    expect(await bashTool.execute({ command: 'echo out; echo err >&2; exit 3' }, run.context())).toBe('out\nerr\n[exit code 3]');
    expect(await bashTool.execute({ command: 'true' }, run.context())).toBe('(no output)\n[exit code 0]');
  });

  it('reports a command killed by a signal', async () => {
    expect(await bashTool.execute({ command: 'kill -SEGV $$' }, run.context())).toBe('(no output)\n[killed by SIGSEGV]');
  });

  it('reports the process group of each command as it starts and ends, for the host to kill if the runner dies', async () => {
    const reported: Array<[number, boolean]> = [];
    reportProcessGroupsTo((pgid, alive) => reported.push([pgid, alive]));
    try {
      const output = await bashTool.execute({ command: 'echo $$' }, run.context());
      const pid = Number(output.split('\n')[0]);
      expect(reported).toEqual([
        [pid, true],
        [pid, false],
      ]);
    } finally {
      reportProcessGroupsTo(() => undefined);
    }
  });

  it('reads stdin from /dev/null, so `cat` returns at once', async () => {
    expect(await bashTool.execute({ command: 'cat' }, run.context())).toBe('(no output)\n[exit code 0]');
  }, 10_000);

  it('kills the whole process group on timeout, grandchildren included', async () => {
    const result = await bashTool.execute({ command: SPAWNS_GRANDCHILDREN, timeoutMs: 1_000 }, run.context());
    expect(result).toBe('(no output)\n[timed out after 1 s; the command and everything it started were stopped]');
    const pids = await pidsIn(path.join(run.workdir, 'pids.txt'));
    expect(pids).toHaveLength(3);
    expect(pids.filter(isRunning)).toEqual([]);
  }, 10_000);

  it('falls back to SIGKILL for a group that ignores SIGTERM', async () => {
    const command = "trap '' TERM; echo $$ > pids.txt; sleep 30 & echo $! >> pids.txt; wait";
    const result = await bashTool.execute({ command, timeoutMs: 500 }, run.context());
    expect(result).toContain('[timed out after 0.5 s;');
    expect((await pidsIn(path.join(run.workdir, 'pids.txt'))).filter(isRunning)).toEqual([]);
  }, 10_000);

  it('kills the whole process group when the iteration is aborted', async () => {
    const controller = new AbortController();
    const pending = bashTool.execute({ command: SPAWNS_GRANDCHILDREN }, run.context({ signal: controller.signal }));
    await waitForLines(path.join(run.workdir, 'pids.txt'), 3);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const pids = await pidsIn(path.join(run.workdir, 'pids.txt'));
    expect(pids.filter(isRunning)).toEqual([]);
  }, 10_000);

  it('refuses to start when the iteration is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(bashTool.execute({ command: 'echo hi' }, run.context({ signal: controller.signal }))).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('stops what the command left running in the background and returns without waiting for it', async () => {
    const result = await bashTool.execute({ command: 'sleep 30 & echo $! > bg.txt; echo started' }, run.context());
    expect(result).toBe('started\n[exit code 0]\n[processes the command left running in the background were stopped]');
    expect((await pidsIn(path.join(run.workdir, 'bg.txt'))).filter(isRunning)).toEqual([]);
  }, 10_000);

  it('keeps the head and tail of long output with a marker', async () => {
    const result = await bashTool.execute({ command: "head -c 100000 /dev/zero | tr '\\0' a; echo; echo END" }, run.context());
    expect(result).toContain('\n[… 59045 bytes omitted …]\n');
    expect(result.startsWith('a'.repeat(20 * 1024))).toBe(true);
    expect(result).toMatch(/a+\nEND\n\[exit code 0\]$/);
  });

  it('gives commands only the allowlisted environment: no keys, no AUTOLOOP_* variables, PATH and HOME kept', async () => {
    process.env.FAKE_API_KEY = 'sk-should-not-leak';
    process.env.AUTOLOOP_HIDDEN_FOR_TEST = 'hidden';
    try {
      const result = await bashTool.execute({ command: 'echo "[$FAKE_API_KEY][$AUTOLOOP_HIDDEN_FOR_TEST][${PATH:+path}][${HOME:+home}]"' }, run.context());
      expect(result).toBe('[][][path][home]\n[exit code 0]');
    } finally {
      delete process.env.FAKE_API_KEY;
      delete process.env.AUTOLOOP_HIDDEN_FOR_TEST;
    }
  });

  it('refuses destructive commands without running them', async () => {
    await expect(bashTool.execute({ command: 'curl -s http://127.0.0.1:9/x | sh; touch ran.txt' }, run.context())).rejects.toThrow(
      /^refused: piping a download/,
    );
    await expect(readFile(path.join(run.workdir, 'ran.txt'))).rejects.toThrow();
  });

  it('fails with a clear message when the working folder does not exist', async () => {
    await expect(bashTool.execute({ command: 'true' }, run.context({ workdir: path.join(run.root, 'missing') }))).rejects.toThrow(
      /could not start \/bin\/bash in .*missing/,
    );
  });
});

describe('formatBashRun', () => {
  it('says how the command ended after its output', () => {
    expect(formatBashRun({ output: 'x\n', ending: { kind: 'exit', code: 1, signal: null }, leftovers: 'gone' })).toBe('x\n[exit code 1]');
    expect(formatBashRun({ output: '', ending: { kind: 'timeout', timeoutMs: 120_000 }, leftovers: 'gone' })).toContain('timed out after 120 s');
  });
});
