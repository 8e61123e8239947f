import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Run, RunDiff } from '../../shared/records';
import { COMPLETING, createRepo, gitIn, writingIteration } from '../../core/worktrees/testing/git-repo';
import { autoloopSync, jsonLines, writeScript } from '../testing/cli-process';

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-cli-worktree-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const autoloop = (...args: string[]) => autoloopSync(dataDir, ...args);

/** A foreground run in `repo` with a scripted agent; its final run record. */
function runIn(repo: string, name: string, responses: Parameters<typeof writeScript>[2]['responses'], ...flags: string[]): Run {
  const model = writeScript(dataDir, name, { responses });
  const result = autoloop(
    'run',
    'demo-counter',
    '--workdir',
    repo,
    '--model',
    model,
    '--name',
    name,
    '--profile',
    'trusted',
    '--interval',
    '0s',
    '--json',
    ...flags,
  );
  expect(result.stderr).toBe('');
  const lines = jsonLines(result.stdout) as Array<{ type: string; run?: unknown; iteration?: { n: number } }>;
  // Each finished iteration is one line, though it is pushed again once its commit is made.
  const iterations = lines.filter((line) => line.type === 'iteration').map((line) => line.iteration?.n);
  expect(iterations).toEqual([...new Set(iterations)]);
  return Run.parse(lines.at(-1)?.run);
}

describe('autoloop run --isolation', () => {
  it('exits 2 before anything starts when a worktree is asked for outside a repository', () => {
    const plain = mkdtempSync(join(tmpdir(), 'autoloop-plain-'));
    const result = autoloop('run', 'demo-counter', '--workdir', plain, '--isolation', 'worktree');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not in a git repository: choose a folder inside one, or start the run with isolation none');
    expect(autoloop('ls', '--json').stdout).toBe('');
    expect(autoloop('run', 'demo-counter', '--isolation', 'sideways').stderr).toContain('--isolation must be one of worktree, none');
  });
});

describe('autoloop diff, merge and discard', () => {
  it('prints a diff git apply accepts, per iteration or in total, a --stat, and merges it back', () => {
    const repo = createRepo();
    const run = runIn(repo, 'cli-writer', [
      ...writingIteration({ 'a.txt': 'one\n' }, 'Added a.'),
      ...writingIteration({ 'README.md': 'hello\nagain\n' }, 'Edited the README.'),
      ...COMPLETING,
    ]);
    expect(run).toMatchObject({ status: 'ended', stopReason: 'completed', isolation: 'worktree', worktreeState: 'active' });
    const total = autoloop('diff', run.id);
    expect(total.status).toBe(0);
    expect(total.stdout).toContain('+++ b/a.txt');
    execFileSync('git', ['-C', repo, 'apply', '--check', '-'], { input: total.stdout });
    const second = autoloop('diff', 'cli-writer', '--iteration', '2');
    expect(second.stdout).toContain('diff --git a/README.md b/README.md');
    expect(second.stdout).not.toContain('a.txt');
    expect(autoloop('diff', run.id, '--stat').stdout).toContain('2 files changed, 2 insertions(+), 0 deletions(-)');
    expect(RunDiff.parse(JSON.parse(autoloop('diff', run.id, '--json').stdout)).files).toHaveLength(2);
    expect(autoloop('diff', run.id, '--iteration', 'two').status).toBe(2);
    for (const huge of ['99999999999999999999', '1e3']) {
      const refused = autoloop('diff', run.id, '--iteration', huge);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(`--iteration takes an iteration number (1, 2, …), not "${huge}"`);
    }
    expect(autoloop('diff', run.id, '--iteration', '1', '--stat').stdout).toContain('1 file changed, 1 insertion(+), 0 deletions(-)');
    const missing = autoloop('diff', run.id, '--iteration', '9');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/The run has no iteration 9 \(it has iterations 1 to \d+\): pick one of those/);
    const check = autoloop('merge', run.id, '--check');
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('Merges cleanly.');
    expect(autoloop('show', run.id).stdout).toContain(`${run.worktree?.branch ?? ''} from main`);
    const merged = autoloop('merge', run.id);
    expect(merged.status).toBe(0);
    expect(merged.stdout).toContain('Merged cli-writer into main (squash');
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('one\n');
    expect(gitIn(repo, 'log', '-1', '--format=%s')).toBe('cli-writer');
  });

  it('refuses a conflicting merge naming the files (exit 1), and discards the run', () => {
    const repo = createRepo();
    const run = runIn(repo, 'cli-conflict', [...writingIteration({ 'README.md': 'run\n' }, 'Rewrote the README.'), ...COMPLETING]);
    gitIn(repo, 'rm', '-q', 'README.md');
    gitIn(repo, 'commit', '-q', '-m', 'person removes the README');
    const refused = autoloop('merge', run.id, '--strategy', 'merge');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('would conflict in README.md');
    expect(refused.stderr).toContain('  conflict: README.md');
    // The run completed: it cannot be resumed or given guidance, so the refusal does not offer that.
    expect(refused.stderr).not.toContain('resume the run');
    expect(refused.stderr).toContain(`merge by hand (in ${repo}: git merge ${run.worktree?.branch ?? ''}, resolve, commit; then discard the run)`);
    const discarded = autoloop('discard', run.id);
    expect(discarded.status).toBe(0);
    expect(discarded.stdout).toContain('Discarded the changes of cli-conflict');
    expect(existsSync(run.worktree?.path ?? '')).toBe(false);
    expect(gitIn(repo, 'branch', '--list', 'autoloop/*')).toBe('');
  });
});
