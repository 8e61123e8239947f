import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { autoloopSync, jsonLines } from '../testing/cli-process';

// `schedule add` refuses what `autoloop run` refuses about the settings, in the same words, instead of blocking every slot.
// Real CLI processes on an embedded engine (no server: nothing starts by itself).

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-cli-schedule-checks-'));
const workdir = mkdtempSync(join(tmpdir(), 'autoloop-cli-schedule-checks-work-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(workdir, { recursive: true, force: true });
});
const autoloop = (...args: string[]) => autoloopSync(dataDir, ...args);
writeFileSync(join(workdir, 'not-a-script.json'), JSON.stringify({ hello: 'world' }));

const BAD_SETTINGS: ReadonlyArray<Readonly<{ what: string; flags: string[]; says: string }>> = [
  { what: 'a scripted model whose script does not exist', flags: ['--model', 'scripted/missing.json', '--workdir', workdir], says: 'does not exist' },
  { what: 'a scripted model whose file is not a script', flags: ['--model', 'scripted/not-a-script.json', '--workdir', workdir], says: 'is not a script' },
  { what: 'a provider that is not configured', flags: ['--model', 'nowhere/some-model'], says: 'There is no provider called "nowhere"' },
  { what: 'an MCP server that is not configured', flags: ['--model', 'scripted/demo-counter', '--mcp', 'ghost'], says: 'ghost' },
  { what: 'a notifier that is not configured', flags: ['--model', 'scripted/demo-counter', '--notify', 'pager'], says: 'no notifier named "pager"' },
  { what: 'a working folder that does not exist', flags: ['--model', 'scripted/demo-counter', '--workdir', join(workdir, 'nope')], says: 'does not exist' },
  {
    what: 'a worktree outside a git repository',
    flags: ['--model', 'scripted/demo-counter', '--workdir', workdir, '--isolation', 'worktree'],
    says: 'not in a git repository',
  },
];

/** The message of a refusal, without the lines a command adds around it. */
const refusalOf = (stderr: string) => stderr.trim();

describe('autoloop schedule add checks the run settings as autoloop run does', () => {
  for (const { what, flags, says } of BAD_SETTINGS) {
    it(`refuses ${what} with exit 2 and autoloop run's words`, () => {
      const run = autoloop('run', 'demo-counter', ...flags);
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr).toContain(says);
      const added = autoloop('schedule', 'add', 'demo-counter', '--cron', '0 3 * * *', '--name', 'checked', ...flags);
      expect(added.status, added.stderr).toBe(2);
      expect(refusalOf(added.stderr)).toBe(refusalOf(run.stderr));
      expect(jsonLines(autoloop('schedule', 'ls', '--json').stdout)).toEqual([]);
    });
  }

  it('refuses an edit that would break a schedule’s settings, and keeps the schedule as it was', () => {
    expect(autoloop('schedule', 'add', 'demo-counter', '--cron', '0 3 * * *', '--name', 'kept', '--model', 'scripted/demo-counter').status).toBe(0);
    const edited = autoloop('schedule', 'edit', 'kept', '--param', 'target=4', '--notify', 'pager');
    expect(edited.status, edited.stderr).toBe(2);
    expect(edited.stderr).toContain('no notifier named "pager"');
    const shown = JSON.parse(autoloop('schedule', 'show', 'kept', '--json').stdout) as { schedule: { params: unknown; settings: { notify?: unknown } } };
    expect(shown.schedule.params).toEqual({});
    expect(shown.schedule.settings.notify).toBeUndefined();
    expect(autoloop('schedule', 'rm', 'kept').status).toBe(0);
  });
});
