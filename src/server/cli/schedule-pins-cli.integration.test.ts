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

  it('schedule edit changes --mcp, --notify/--no-notify, --agent, --base and --with-uncommitted, and keeps the other pins', () => {
    expect(autoloop('mcp', 'add', 'other', '--command', `"${process.execPath}" ${FIXTURE}`).status).toBe(0);
    const settingsOf = () =>
      Schedule.parse((jsonLines(autoloop('schedule', 'show', 'editable', '--json').stdout)[0] as { schedule: unknown }).schedule).settings;
    const added = autoloop(
      'schedule',
      'add',
      'demo-counter',
      '--name',
      'editable',
      '--cron',
      '0 3 * * *',
      '--paused',
      '--mcp',
      'fix',
      '--model',
      'scripted/demo-counter',
    );
    expect(added.status, added.stderr).toBe(0);

    const edited = autoloop('schedule', 'edit', 'editable', '--mcp', 'other', '--no-notify', '--agent', 'codex', '--base', 'main', '--with-uncommitted');
    expect(edited.status, edited.stderr).toBe(0);
    expect(settingsOf()).toMatchObject({ model: 'scripted/demo-counter', mcp: ['other'], notify: [], agent: 'codex', base: 'main', withUncommitted: true });

    expect(autoloop('schedule', 'edit', 'editable', '--no-with-uncommitted', '--agent', 'autoloop').status).toBe(0);
    const after = settingsOf();
    expect(after).toMatchObject({ mcp: ['other'], notify: [], agent: 'autoloop', base: 'main' });
    expect(after.withUncommitted).toBeUndefined();

    // A name that is no MCP server or notifier is refused as autoloop run refuses it; the pins stay.
    const ghost = autoloop('schedule', 'edit', 'editable', '--mcp', 'ghost');
    expect(ghost.status).toBe(2);
    expect(ghost.stderr).toContain('ghost');
    const pager = autoloop('schedule', 'edit', 'editable', '--notify', 'pager');
    expect(pager.status).toBe(2);
    expect(pager.stderr).toContain('no notifier named "pager"');
    expect(autoloop('schedule', 'edit', 'editable', '--notify', 'pager', '--no-notify').stderr).toContain('cannot go together');
    expect(settingsOf()).toMatchObject({ mcp: ['other'], notify: [] });
  }, 60_000);
});
