import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempEngine } from '../testing/temp-engine';
import { findRepo } from './repo-info';
import { withRepoLock } from './repo-lock';
import { COMPLETING, createRepo, gitIn, startRunIn, writingIteration } from './testing/git-repo';

const engine = createTempEngine();
afterAll(() => engine.dispose());

/** How long a start held back by the repository's lock is watched to prove it made nothing meanwhile. */
const HELD_MS = 400;

describe('runs starting at once on one repository', () => {
  it('make their worktrees one at a time: a start waits while the repository is locked, and makes its branch after', async () => {
    const repo = createRepo();
    const top = (await findRepo(repo))?.top ?? repo;
    const model = engine.writeScript('held', { responses: COMPLETING });
    let release = (): void => undefined;
    const held = withRepoLock(top, () => new Promise<void>((resolve) => (release = resolve)));
    let settled = false;
    const started = startRunIn(engine, repo, model, { name: 'held back' }).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, HELD_MS));
    expect(settled).toBe(false);
    expect(gitIn(repo, 'branch', '--list', 'autoloop/*')).toBe('');
    release();
    await held;
    const run = await started;
    expect(gitIn(repo, 'branch', '--list', 'autoloop/*')).toContain(run.worktree?.branch);
    await engine.supervisor.finished(run.id);
  });

  it('each get their own worktree and branch, and each branch holds only its own run’s commits', async () => {
    const repo = createRepo();
    const names = ['one', 'two', 'three', 'four', 'five', 'six'];
    // All six start at once, above the default cap of four concurrent runs (a queued run makes its worktree only when it starts).
    await engine.api['settings.set']({ concurrency: { maxConcurrentRuns: names.length } });
    const runs = await Promise.all(
      names.map((name) =>
        startRunIn(
          engine,
          repo,
          engine.writeScript(`concurrent-${name}`, { responses: [...writingIteration({ [`${name}.txt`]: `${name}\n` }, `Wrote ${name}.`), ...COMPLETING] }),
          {
            name,
          },
        ),
      ),
    );
    const branches = runs.map((run) => run.worktree?.branch ?? '');
    expect(new Set(branches).size).toBe(names.length);
    expect(new Set(runs.map((run) => run.worktree?.path)).size).toBe(names.length);
    const listed = gitIn(repo, 'worktree', 'list', '--porcelain');
    for (const run of runs) expect(listed).toContain(`worktree ${run.worktree?.path}`);

    const ended = await Promise.all(runs.map((run) => engine.supervisor.finished(run.id)));
    expect(ended.map((run) => `${run.status}:${run.stopReason}`)).toEqual(names.map(() => 'ended:completed'));
    for (const [at, run] of runs.entries()) {
      const name = names[at] ?? '';
      expect(gitIn(repo, 'log', '--format=%s', `main..${branches[at]}`)).toBe(`Iteration 1: Wrote ${name}.`);
      expect(gitIn(repo, 'show', '--name-only', '--format=', branches[at] ?? '')).toBe(`${name}.txt`);
      expect(readFileSync(join(run.worktree?.path ?? '', `${name}.txt`), 'utf8')).toBe(`${name}\n`);
    }
    // The person's folder saw none of it.
    expect(gitIn(repo, 'status', '--porcelain')).toBe('');
    expect(gitIn(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
  });
});
