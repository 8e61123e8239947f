import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { ScriptedResponse } from '../../shared/scripted-script';
import { createDryRunFixture } from '../templates/dry-run-fixtures';
import { tempEnginesPerFile } from '../testing/temp-engines';

// Attacks on the permission rules and the command guard, played by the scripted model in real runner processes
// against the built-in read-only code-reviewer template, whose rules allow `git diff *`, `git log *` and `git status*`.

const folders: string[] = [];
const tempEngine = tempEnginesPerFile({}, async () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const bash = (command: string): ScriptedResponse => ({ text: 'Running a command.', toolCalls: [{ tool: 'bash', input: { command } }] });
const finish: ScriptedResponse = {
  text: 'Done.',
  toolCalls: [
    { tool: 'report', input: { summary: 'done' } },
    { tool: 'complete', input: { reason: 'done' } },
  ],
};

function folder(prefix: string): string {
  const created = mkdtempSync(join(tmpdir(), prefix));
  folders.push(created);
  return created;
}

/** Runs the code reviewer on a fresh fixture repository with a script; returns each bash result in order. */
async function review(responses: ScriptedResponse[], prepare: (workdir: string) => void = () => {}): Promise<string[]> {
  const engine = tempEngine();
  const workdir = folder('autoloop-guard-work-');
  createDryRunFixture('code-reviewer', workdir);
  prepare(workdir);
  const model = engine.writeScript('attack', { responses: [...responses, finish, { text: 'nothing more' }], whenExhausted: 'repeat-last' });
  const started = await engine.api['runs.start'](
    StartRunParams.parse({ template: 'code-reviewer', model, workdir, loop: { intervalMs: 0, stagnationLimit: 0 } }),
  );
  const run = await engine.supervisor.finished(started.id);
  expect(run).toMatchObject({ status: 'ended', stopReason: 'completed' });
  const { events } = await engine.api['runs.events']({ id: started.id, afterSeq: 0, limit: 1_000 });
  return events.filter((event) => event.kind === 'tool_result' && event.data.tool === 'bash').map((event) => String(event.data.output));
}

describe('git tricks under the read-only code reviewer', () => {
  it('does not let `git diff --no-index` read a file outside the repository', async () => {
    const secret = join(folder('autoloop-guard-home-'), 'id_rsa');
    writeFileSync(secret, '-----BEGIN OPENSSH PRIVATE KEY-----\n');
    const [output] = await review([bash(`git diff --no-index /dev/null ${secret}`)]);
    expect(output).toMatch(/^denied by the run's permissions \(read-only\)/);
    expect(output).not.toContain('PRIVATE KEY');
  }, 30_000);

  it('does not let `git log --output` write a file, however the format spells > and ;', async () => {
    const target = join(folder('autoloop-guard-out-'), 'written.sh');
    const [output] = await review([bash(`git log -1 --format=echo%x20pwned%x3e%x3e/tmp/x%x3b --output=${target}`)]);
    expect(output).toMatch(/^denied by the run's permissions/);
    expect(existsSync(target)).toBe(false);
  }, 30_000);

  it('runs the allowed `git status` without the fsmonitor program a run wrote into .git/config', async () => {
    const marker = join(folder('autoloop-guard-marker-'), 'ran');
    const [output] = await review([bash('git status --short')], (workdir) => {
      appendFileSync(join(workdir, '.git', 'config'), `[core]\n\tfsmonitor = "touch ${marker}; false"\n[core]\n\thooksPath = hooks\n`);
    });
    expect(output).toMatch(/\[exit code 0\]$/);
    expect(existsSync(marker)).toBe(false);
  }, 30_000);
});

describe('a 200 KB command', () => {
  it('is refused at the tool boundary with a clear error, and the run goes on', async () => {
    const [output] = await review([bash(`echo ${'a'.repeat(200_000)}`)]);
    expect(output).toBe('refused: the command is 195.3 KiB long; bash takes at most 32.0 KiB. Write a script with write_file and run that instead.');
  }, 30_000);
});
