import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Approval, Run } from '../../shared/records';
import { autoloopSync, jsonLines, servedDataFolderPerFile, until, writeScript } from '../testing/cli-process';

// `autoloop approvals --all`: answered requests and who answered them, here a schedule's unattended policy, through a real server.
const served = servedDataFolderPerFile('autoloop-approvals-cli-');
const { dataDir } = served;
const workdir = mkdtempSync(join(tmpdir(), 'autoloop-approvals-work-'));
const autoloop = (...args: string[]) => autoloopSync(dataDir, ...args);

beforeAll(async () => {
  await served.serve();
});
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe('autoloop approvals --all', () => {
  it('lists a scheduled run’s request that timed out, decided by the schedule’s policy', async () => {
    const model = writeScript(workdir, 'asks', {
      responses: [
        { text: 'Running.', toolCalls: [{ tool: 'bash', input: { command: 'echo hi > hi.txt' } }] },
        { text: 'Done.', toolCalls: [{ tool: 'complete', input: { reason: 'done' } }] },
      ],
    });
    const added = autoloop(
      'schedule',
      'add',
      'demo-counter',
      '--name',
      'unattended',
      '--cron',
      '0 3 * * *',
      '--paused',
      '--model',
      model,
      '--workdir',
      workdir,
      '--isolation',
      'none',
      '--profile',
      'ask',
      '--approval-timeout',
      '2s',
      '--on-approval-timeout',
      'deny',
    );
    expect(added.status, added.stderr).toBe(0);
    expect(autoloop('schedule', 'run-now', 'unattended').status).toBe(0);
    await until(() => {
      const runs = jsonLines(autoloop('ls', '--all', '--json').stdout).map((line) => Run.parse(line));
      return runs.some((run) => run.status === 'ended');
    }, 'the scheduled run to end');
    expect(jsonLines(autoloop('approvals', '--json').stdout)).toEqual([]);
    const all = jsonLines(autoloop('approvals', '--all', '--json').stdout).map((line) => Approval.parse(line));
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ tool: 'bash', status: 'timed_out', decidedBy: 'policy', scheduleName: 'unattended' });
    const table = autoloop('approvals', '--all');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/STATUS\s+BY/);
    expect(table.stdout).toMatch(/bash\s+timed out\s+policy/);
  }, 60_000);
});
