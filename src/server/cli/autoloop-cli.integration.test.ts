import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Iteration, Run } from '../../shared/records';
import { REPO_ROOT } from '../../core/testing/temp-engine';

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function autoloop(...args: string[]) {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'autoloop.js'), ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 60_000 });
}

describe('a damaged database', () => {
  it('is refused with the file named and what to do, and left as it was', () => {
    const damagedDir = mkdtempSync(join(tmpdir(), 'autoloop-damaged-'));
    writeFileSync(join(damagedDir, 'autoloop.db'), 'this is not a database');
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'autoloop.js'), 'run', 'demo-counter', '--data-dir', damagedDir], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`The database ${join(damagedDir, 'autoloop.db')} is damaged: it is not a SQLite database`);
    expect(result.stderr).toContain('--move-damaged-db');
    expect(readFileSync(join(damagedDir, 'autoloop.db'), 'utf8')).toBe('this is not a database');
    rmSync(damagedDir, { recursive: true, force: true });
  });
});

describe('autoloop run (foreground, embedded engine)', () => {
  it('runs the demo template to completion, prints JSON lines with the API’s fields, and exits 0', () => {
    const result = autoloop('run', 'demo-counter', '--interval', '0s', '--json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; run?: unknown; iteration?: unknown });
    expect(lines[0]?.type).toBe('run');
    const iterations = lines.filter((line) => line.type === 'iteration').map((line) => Iteration.parse(line.iteration));
    expect(iterations.map((iteration) => iteration.n)).toEqual([1, 2, 3, 4, 5]);
    const result_ = lines.at(-1);
    expect(result_?.type).toBe('result');
    expect(Run.parse(result_?.run)).toMatchObject({ status: 'ended', stopReason: 'completed', iterations: 5 });
  });

  it('exits 3 with the reason in words when a rule stops the run', () => {
    const result = autoloop('run', 'demo-counter', '--interval', '0s', '--max-iterations', '2');
    expect(result.status).toBe(3);
    expect(result.stdout).toContain('Stopped: reached the iteration limit');
  });

  it('exits 2 with one line saying what to do for bad input', () => {
    const unknownTemplate = autoloop('run', 'no-such-template');
    expect(unknownTemplate.status).toBe(2);
    expect(unknownTemplate.stderr).toContain('There is no template called "no-such-template"');
    const badParam = autoloop('run', 'demo-counter', '--param', 'target=many');
    expect(badParam.status).toBe(2);
    expect(badParam.stderr).toContain('target must be a number, not "many"');
  });
});
