import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Approval, Run } from '../../shared/records';
import { readApproverCode } from '../../core/serving/approver-file';
import { readLiveServer } from '../../core/serving/server-file';
import { type CliProcess, autoloopSync, autoloopSyncWith, jsonLines, spawnAutoloop, until, writeScript } from '../testing/cli-process';

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-foreground-'));
const autoloop = (...args: string[]) => autoloopSync(dataDir, ...args);
const foregrounds: CliProcess[] = [];
/** Starts a foreground `autoloop run` that a failed test cannot leave holding the data folder. */
const foregroundRun = (...args: string[]): CliProcess => {
  const started = spawnAutoloop(dataDir, 'run', ...args);
  foregrounds.push(started);
  return started;
};
afterEach(async () => {
  for (const started of foregrounds.splice(0)) {
    if (started.child.exitCode === null && started.child.signalCode === null) {
      started.child.kill('SIGINT');
      await started.exited;
    }
  }
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a foreground run without a server', () => {
  it('answers the other commands while it runs: its approvals wait for `autoloop approve`, and the folder is its own', async () => {
    const model = writeScript(dataDir, 'asking', {
      responses: [
        { text: 'Writing.', toolCalls: [{ tool: 'write_file', input: { path: 'note.txt', content: 'hi' } }] },
        {
          text: 'Done.',
          toolCalls: [
            { tool: 'report', input: { summary: 'Wrote it.' } },
            { tool: 'complete', input: { reason: 'written' } },
          ],
        },
      ],
    });
    const foreground = foregroundRun('demo-counter', '--profile', 'ask', '--model', model);
    // The request and how to answer it may arrive in separate chunks: wait for the whole of it.
    await until(() => /answer with: autoloop approve [0-9a-f]{8} \[--for-run\]/.test(foreground.stdout()), 'the approval request and how to answer it');
    expect(foreground.stdout()).toContain('asks to write_file note.txt');
    expect(readLiveServer(dataDir)).toMatchObject({ owner: 'run', pid: foreground.child.pid });

    const serve = autoloop('serve', '--port', '0');
    expect(serve.status).toBe(1);
    expect(serve.stderr).toContain(`A foreground \`autoloop run\` (pid ${foreground.child.pid}) is using ${dataDir}`);
    const second = autoloop('run', 'demo-counter');
    expect(second.status).toBe(2);
    expect(second.stderr).toContain('start `autoloop serve` to run several at once');
    expect(Run.parse(jsonLines(autoloop('ls', '--json').stdout)[0])).toMatchObject({ status: 'waiting_approval' });

    const [request] = jsonLines(autoloop('approvals', '--json').stdout).map((line) => Approval.parse(line));
    // A wrong code is refused; this machine's CLI finds the right one in approver.json (never in server.json).
    expect(autoloopSyncWith({ AUTOLOOP_APPROVER_CODE: 'not-the-code' }, dataDir, 'approve', request?.id ?? '').stderr).toContain('needs the approver code');
    expect(readFileSync(join(dataDir, 'server.json'), 'utf8')).not.toContain(readApproverCode(dataDir, foreground.child.pid ?? 0) ?? 'no code');
    expect(statSync(join(dataDir, 'approver.json')).mode & 0o777).toBe(0o600);
    expect(autoloop('approve', request?.id ?? '', '--for-run').status).toBe(0);
    expect(await foreground.exited).toEqual({ code: 0, signal: null });
    expect(foreground.stdout()).toContain('allowed for the rest of this run by user');
    expect(foreground.stdout()).toContain('Completed: the agent called complete — written');
    expect(readLiveServer(dataDir)).toBeNull();
    expect(existsSync(join(dataDir, 'approver.json'))).toBe(false);
  });

  it('stops cleanly on Ctrl-C (SIGINT) and exits 130', async () => {
    const model = writeScript(dataDir, 'endless', {
      responses: [{ delayMs: 100, text: 'Again.', toolCalls: [{ tool: 'report', input: { summary: 'again' } }] }, { text: 'ok' }],
      whenExhausted: 'loop',
    });
    const foreground = foregroundRun('demo-counter', '--name', 'endless', '--model', model, '--interval', '0s', '--json');
    await until(() => foreground.stdout().includes('"type":"iteration"'), 'a first iteration');
    foreground.child.kill('SIGINT');
    expect(await foreground.exited).toEqual({ code: 130, signal: null });
    const result = jsonLines(foreground.stdout()).at(-1) as { type: string; run: unknown };
    expect(result.type).toBe('result');
    expect(Run.parse(result.run)).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
  });
});
