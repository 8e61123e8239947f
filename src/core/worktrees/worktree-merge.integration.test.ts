import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiMethod, ApiParams, ApiResult } from '../../shared/api';
import type { Run } from '../../shared/records';
import { createTempEngine } from '../testing/temp-engine';
import { COMPLETING, apiCall, createRepo, gitIn, startRunIn, writingIteration } from './testing/git-repo';

const engine = createTempEngine();
afterAll(() => engine.dispose());
const call = <M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> => apiCall(engine, method, params);

/** A finished run in `repo` that wrote `files` in one iteration. */
async function finishedRun(repo: string, name: string, files: Record<string, string>): Promise<Run> {
  const model = engine.writeScript(name, { responses: [...writingIteration(files, `Wrote ${Object.keys(files).join(', ')}.`), ...COMPLETING] });
  const run = await startRunIn(engine, repo, model, { name });
  await engine.supervisor.finished(run.id);
  return run;
}

describe('merging a run back', () => {
  it('refuses a conflicting merge with the file list and leaves the repository as it was', async () => {
    const repo = createRepo();
    const run = await finishedRun(repo, 'conflicting', { 'README.md': 'from the run\n', 'new.txt': 'x\n' });
    writeFileSync(join(repo, 'README.md'), 'from the person\n');
    gitIn(repo, 'commit', '-q', '-am', 'person edits');
    const head = gitIn(repo, 'rev-parse', 'HEAD');
    expect(await call('runs.mergeCheck', { id: run.id })).toMatchObject({ into: 'main', conflicts: ['README.md'], blocked: null });
    await expect(call('runs.merge', { id: run.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('would conflict in README.md'),
      details: { conflicts: ['README.md'] },
    });
    expect(gitIn(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(gitIn(repo, 'status', '--porcelain')).toBe('');
    expect((await call('runs.get', { id: run.id })).worktreeState).toBe('active');
    expect(existsSync(run.worktree?.path ?? '')).toBe(true);
  });

  it('merges with a merge commit into a branch that is not checked out, keeping the run’s branch when asked', async () => {
    const repo = createRepo();
    gitIn(repo, 'branch', 'release');
    const run = await finishedRun(repo, 'merge-into-release', { 'feature.txt': 'feature\n' });
    const merged = await call('runs.merge', { id: run.id, strategy: 'merge', into: 'release', keepBranch: true });
    expect(merged.merge).toMatchObject({ into: 'release', strategy: 'merge', branchKept: true });
    expect(gitIn(repo, 'log', '-1', '--format=%P', 'release').split(' ')).toHaveLength(2);
    expect(gitIn(repo, 'show', 'release:feature.txt')).toBe('feature');
    expect(gitIn(repo, 'rev-parse', 'main')).toBe(run.worktree?.baseCommit);
    expect(existsSync(join(repo, 'feature.txt'))).toBe(false);
    expect(gitIn(repo, 'branch', '--list', run.worktree?.branch ?? '')).not.toBe('');
    expect(existsSync(run.worktree?.path ?? '')).toBe(false);
    await expect(call('runs.merge', { id: run.id })).rejects.toMatchObject({ message: expect.stringContaining('already merged') });
  });

  it('rebases the run’s commits onto a branch that moved on, into the person’s folder', async () => {
    const repo = createRepo();
    const run = await finishedRun(repo, 'rebased', { 'run.txt': 'run\n' });
    writeFileSync(join(repo, 'person.txt'), 'person\n');
    gitIn(repo, 'add', 'person.txt');
    gitIn(repo, 'commit', '-q', '-m', 'person adds a file');
    const merged = await call('runs.merge', { id: run.id, strategy: 'rebase' });
    expect(merged.merge.strategy).toBe('rebase');
    expect(gitIn(repo, 'log', '--format=%s', '-2').split('\n')).toEqual(['Iteration 1: Wrote run.txt.', 'person adds a file']);
    expect(readFileSync(join(repo, 'run.txt'), 'utf8')).toBe('run\n');
    expect(gitIn(repo, 'status', '--porcelain')).toBe('');
  });

  it('refuses, in the check already, a merge that would overwrite untracked files in the person’s folder', async () => {
    const repo = createRepo();
    const run = await finishedRun(repo, 'overwrites', { 'notes.txt': 'from the run\n' });
    writeFileSync(join(repo, 'notes.txt'), 'the person’s own, never committed\n');
    const blocked = `${repo} has untracked files the merge would overwrite (notes.txt): move them away, then merge again`;
    expect(await call('runs.mergeCheck', { id: run.id })).toMatchObject({ conflicts: [], blocked });
    await expect(call('runs.merge', { id: run.id })).rejects.toMatchObject({ code: 'conflict', details: { blocked } });
    expect(readFileSync(join(repo, 'notes.txt'), 'utf8')).toBe('the person’s own, never committed\n');
    expect((await call('runs.get', { id: run.id })).worktreeState).toBe('active');
  });

  it('adds no empty commit for a run whose changes the branch already has, whatever the strategy', async () => {
    const repo = createRepo();
    for (const strategy of ['squash', 'merge', 'rebase'] as const) {
      const idle = await startRunIn(engine, repo, engine.writeScript(`idle-${strategy}`, { responses: COMPLETING }), { name: `idle-${strategy}` });
      await engine.supervisor.finished(idle.id);
      const head = gitIn(repo, 'rev-parse', 'HEAD');
      expect((await call('runs.merge', { id: idle.id, strategy })).merge.commit).toBe(head);
      expect(gitIn(repo, 'rev-parse', 'HEAD')).toBe(head);
    }
    const first = await finishedRun(repo, 'same-change-1', { 'same.txt': 'same\n' });
    const second = await finishedRun(repo, 'same-change-2', { 'same.txt': 'same\n' });
    await call('runs.merge', { id: first.id });
    const head = gitIn(repo, 'rev-parse', 'HEAD');
    expect((await call('runs.merge', { id: second.id })).merge.commit).toBe(head);
    expect(gitIn(repo, 'log', '--format=%s', '-2').split('\n')).toEqual(['same-change-1', expect.not.stringContaining('same-change')]);
    expect(gitIn(repo, 'status', '--porcelain')).toBe('');
    expect(existsSync(second.worktree?.path ?? '')).toBe(false);
  });

  it('refuses a run that is still going, and a folder on a detached HEAD without --into', async () => {
    const repo = createRepo();
    const model = engine.writeScript('slow', { responses: [{ delayMs: 60_000, text: 'thinking' }] });
    const live = await startRunIn(engine, repo, model, { name: 'still going' });
    expect((await call('runs.mergeCheck', { id: live.id })).blocked).toContain('stop it first');
    await expect(call('runs.discard', { id: live.id })).rejects.toMatchObject({ message: expect.stringContaining('stop it before discarding') });
    await engine.api['runs.stop']({ id: live.id });
    gitIn(repo, 'checkout', '-q', '--detach');
    await expect(call('runs.merge', { id: live.id })).rejects.toMatchObject({ message: expect.stringContaining('detached HEAD') });
  });
});

describe('discarding a run', () => {
  it('removes its worktree and branch, and the person’s repository keeps only what it had', async () => {
    const repo = createRepo();
    const run = await finishedRun(repo, 'discarded', { 'junk.txt': 'junk\n' });
    const discarded = await call('runs.discard', { id: run.id });
    expect(discarded.worktreeState).toBe('discarded');
    expect(existsSync(run.worktree?.path ?? '')).toBe(false);
    expect(gitIn(repo, 'branch', '--list', 'autoloop/*')).toBe('');
    expect(gitIn(repo, 'worktree', 'list').split('\n')).toHaveLength(1);
    expect(existsSync(join(repo, 'junk.txt'))).toBe(false);
    await expect(call('runs.discard', { id: run.id })).rejects.toMatchObject({ code: 'conflict' });
    expect(await engine.api['runs.delete']({ id: run.id })).toEqual({ id: run.id });
  });

  it('keeps the branch when asked, and refuses a run without a worktree', async () => {
    const repo = createRepo();
    const run = await finishedRun(repo, 'kept', { 'kept.txt': 'kept\n' });
    await call('runs.discard', { id: run.id, keepBranch: true });
    expect(gitIn(repo, 'show', `${run.worktree?.branch ?? ''}:kept.txt`)).toBe('kept');
    const model = engine.writeScript('plain', { responses: COMPLETING });
    const plain = await startRunIn(engine, repo, model, { name: 'plain', isolation: 'none' });
    await expect(call('runs.discard', { id: plain.id })).rejects.toMatchObject({ message: expect.stringContaining('isolation none') });
    await expect(call('runs.diff', { id: plain.id })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('a repository moved by hand', () => {
  it('says where it was and what to do, and the run can still be discarded', async () => {
    const repo = createRepo();
    const run = await finishedRun(repo, 'moved', { 'moved.txt': 'x\n' });
    renameSync(repo, `${repo}-moved`);
    await expect(call('runs.diff', { id: run.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(`The repository ${repo} is gone (moved or deleted)`),
    });
    await expect(call('runs.merge', { id: run.id })).rejects.toMatchObject({ message: expect.stringContaining('put it back there') });
    expect((await call('runs.discard', { id: run.id })).worktreeState).toBe('discarded');
    expect(existsSync(run.worktree?.path ?? '')).toBe(false);
    expect(gitIn(`${repo}-moved`, 'show', `${run.worktree?.branch ?? ''}:moved.txt`)).toBe('x');
  });
});
