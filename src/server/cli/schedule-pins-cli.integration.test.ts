import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Run } from '../../shared/records';
import { Schedule } from '../../shared/schedules';
import { REPO_ROOT } from '../../core/testing/temp-engine';
import { type ServeProcess, autoloopSync, jsonLines, startServe, until } from '../testing/cli-process';

// `schedule add` pins every run flag, the later ones too (--mcp, --no-notify, --agent): a real server, the fixture MCP server.
const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-schedule-pins-'));
const autoloop = (...args: string[]) => autoloopSync(dataDir, ...args);
const FIXTURE = join(REPO_ROOT, 'e2e', 'fixtures', 'mcp-fixture-server.mjs');
let serve: ServeProcess;

beforeAll(async () => {
  serve = await startServe(dataDir);
});
afterAll(async () => {
  autoloop('stop', '--all');
  await serve.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('autoloop schedule add with --mcp, --no-notify and --agent', () => {
  it('pins them, and the schedule’s run gets them', async () => {
    expect(autoloop('mcp', 'add', 'fix', '--command', `"${process.execPath}" ${FIXTURE}`).status).toBe(0);
    const added = autoloop('schedule', 'add', 'demo-counter', '--name', 'tooled', '--cron', '0 3 * * *', '--paused', '--mcp', 'fix', '--no-notify', '--json');
    expect(added.status, added.stderr).toBe(0);
    expect(Schedule.parse(jsonLines(added.stdout)[0]).settings).toMatchObject({ mcp: ['fix'], notify: [] });
    const agent = autoloop('schedule', 'add', 'demo-counter', '--name', 'coded', '--cron', '0 3 * * *', '--paused', '--agent', 'codex', '--json');
    expect(Schedule.parse(jsonLines(agent.stdout)[0]).settings).toMatchObject({ agent: 'codex' });

    expect(autoloop('schedule', 'run-now', 'tooled').status).toBe(0);
    let run: Run | undefined;
    await until(() => {
      run = jsonLines(autoloop('ls', '--all', '--json').stdout)
        .map((line) => Run.parse(line))
        .find((candidate) => candidate.name.startsWith('tooled @'));
      return run !== undefined;
    }, 'the schedule’s run');
    expect(run?.mcp).toEqual(['fix']);
    const shown = jsonLines(autoloop('show', run?.id ?? '', '--json').stdout)[0] as { notifiers: unknown };
    expect(shown.notifiers).toEqual({ to: 'none' });
  }, 60_000);
});
