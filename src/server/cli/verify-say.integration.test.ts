import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Run, RunEvent } from '../../shared/records';
import type { ScriptedResponse } from '../../shared/scripted-script';
import { autoloopSync, jsonLines, writeScript } from '../testing/cli-process';

// `autoloop run --verify` and `autoloop say`, as a person types them: real CLI processes, an embedded engine.

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-cli-verify-'));
const workdir = mkdtempSync(join(tmpdir(), 'autoloop-cli-verify-work-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(workdir, { recursive: true, force: true });
});
const autoloop = (...args: string[]) => autoloopSync(dataDir, ...args);

const complete: ScriptedResponse = { text: 'Done.', toolCalls: [{ tool: 'complete', input: { reason: 'done' } }] };
const write: ScriptedResponse = { text: 'Writing.', toolCalls: [{ tool: 'write_file', input: { path: 'done.txt', content: 'ok' } }] };
const note: ScriptedResponse = { text: 'Fixing.', toolCalls: [{ tool: 'report', input: { summary: 'verify failed' } }] };

function resultOf(stdout: string): Run {
  return Run.parse((jsonLines(stdout).at(-1) as { run: unknown }).run);
}

describe('autoloop run --verify', () => {
  it('completes once the agent made every --verify command pass, and exits 0', () => {
    const model = writeScript(dataDir, 'fixes', { responses: [complete, note, { text: 'Will fix.' }, write, complete] });
    const args = ['run', 'demo-counter', '--model', model, '--workdir', workdir, '--profile', 'trusted', '--interval', '0s'];
    const result = autoloop(...args, '--verify', 'test -f done.txt', '--verify', 'true', '--name', 'fixing', '--json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(resultOf(result.stdout)).toMatchObject({ stopReason: 'completed', verify: [{ run: 'test -f done.txt' }, { run: 'true' }] });
    const logs = autoloop('logs', 'fixing');
    expect(logs.stdout).toMatch(/✗ verify test -f done.txt: exit code 1 in [\d.]+ s/);
    expect(logs.stdout).toMatch(/✓ verify test -f done.txt: exit 0/);
    expect(logs.stdout).toMatch(/✓ verify true: exit 0/);
    expect(autoloop('show', 'fixing').stdout).toMatch(/Verify\s+test -f done.txt; true/);
  });

  it('exits 3 with the reason in words when the verify commands fail too many times in a row', () => {
    const model = writeScript(dataDir, 'stubborn', { responses: [complete] });
    const result = autoloop(
      'run',
      'demo-counter',
      '--model',
      model,
      '--workdir',
      workdir,
      '--profile',
      'trusted',
      '--verify',
      'exit 4',
      '--max-verify-failures',
      '2',
    );
    expect(result.status).toBe(3);
    expect(result.stdout).toContain('Stopped: the verify commands failed too many times in a row');
  });

  it("takes a template's top-level maxVerifyFailures and verifyEvery keys (DESIGN §13)", () => {
    const file = join(workdir, 'gated.md');
    const text = ['---', 'name: gated', 'description: gated', 'verify: "exit 4"', 'maxVerifyFailures: 1', 'verifyEvery: iteration', '---', 'Work.', ''];
    writeFileSync(file, text.join('\n'));
    expect(autoloop('templates', 'import', file).status).toBe(0);
    const model = writeScript(dataDir, 'reports-then-completes', { responses: [note, { text: 'Next time.' }, complete] });
    const result = autoloop('run', 'gated', '--model', model, '--workdir', workdir, '--profile', 'trusted', '--interval', '0s', '--name', 'gated');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(3);
    expect(result.stdout).toContain('Stopped: the verify commands failed too many times in a row — 1 verification failed in a row;');
    const triggers = jsonLines(autoloop('logs', 'gated', '--json').stdout)
      .map((line) => RunEvent.parse(line))
      .filter((event) => event.kind === 'verify')
      .map((event) => (event.data as { trigger: string }).trigger);
    expect(triggers).toEqual(['iteration', 'complete']);
  });

  it('refuses a bad --max-verify-failures or --verify-every before anything starts', () => {
    const zero = autoloop('run', 'demo-counter', '--verify', 'true', '--max-verify-failures', '0');
    expect(zero.status).toBe(2);
    expect(zero.stderr).toContain('--max-verify-failures takes a whole number of at least 1, not "0"');
    const every = autoloop('run', 'demo-counter', '--verify-every', 'sometimes');
    expect(every.status).toBe(2);
    expect(every.stderr).toContain('--verify-every');
  });
});

describe('autoloop say', () => {
  it('stores guidance for a paused run, shows it in the log, and refuses an ended run or an empty note', () => {
    const paused = autoloop('run', 'demo-counter', '--interval', '0s', '--max-tokens', '1', '--name', 'guided', '--json');
    expect(paused.status).toBe(3);
    expect(resultOf(paused.stdout)).toMatchObject({ status: 'paused', pauseReason: 'budget' });

    const said = autoloop('say', 'guided', 'Count', 'in', 'French.');
    expect(said.stderr).toBe('');
    expect(said.status).toBe(0);
    expect(said.stdout).toContain('You said: Count in French.');
    expect(said.stdout).toContain('the agent reads it when it is resumed');
    const json = autoloop('say', 'guided', 'Then stop at 3.', '--json');
    expect(RunEvent.parse(JSON.parse(json.stdout))).toMatchObject({ kind: 'guidance', data: { text: 'Then stop at 3.', by: 'user', guidanceId: 2 } });
    expect(autoloop('logs', 'guided').stdout).toMatch(/» You said: Count in French\.\n» You said: Then stop at 3\./);

    expect(autoloop('say', 'guided').status).toBe(2);
    const long = autoloop('say', 'guided', 'x'.repeat(8_001));
    expect(long.status).toBe(2);
    expect(long.stderr).toContain('a note is at most 8000 characters and this one has 8001: shorten it');
    expect(long.stderr).not.toContain('✖');
    expect(autoloop('stop', 'guided').status).toBe(0);
    const late = autoloop('say', 'guided', 'too late');
    expect(late.status).toBe(1);
    expect(late.stderr).toContain('has ended: guidance goes only to a running or paused run');
  });
});
