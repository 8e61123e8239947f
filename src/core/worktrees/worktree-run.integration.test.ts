import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiMethod, type ApiParams, type ApiResult, StartRunParams } from '../../shared/api';
import type { Run } from '../../shared/records';
import { createTempEngine } from '../testing/temp-engine';
import { COMPLETING, apiCall, createRepo, gitIn, startRunIn, writingIteration } from './testing/git-repo';

const engine = createTempEngine();
afterAll(() => engine.dispose());

const call = <M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> => apiCall(engine, method, params);
const start = (repo: string, model: string, extra: Partial<StartRunParams> = {}): Promise<Run> => startRunIn(engine, repo, model, extra);

describe('isolation', () => {
  it('defaults to a worktree in a repository and to none elsewhere; asking a worktree outside one is refused before anything starts', async () => {
    const model = engine.writeScript('idle', { responses: COMPLETING });
    const plain = mkdtempSync(join(tmpdir(), 'autoloop-plain-'));
    await expect(start(plain, model, { isolation: 'worktree' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('not in a git repository'),
    });
    expect(engine.db.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(0);
    const none = await start(plain, model, { name: 'plain' });
    expect(none).toMatchObject({ isolation: 'none', worktree: null, worktreeState: null, workdir: plain });
    const repo = createRepo();
    const isolated = await start(repo, model, { name: 'Fix the --force bug!' });
    expect(isolated.isolation).toBe('worktree');
    expect(isolated.worktree).toMatchObject({
      path: join(engine.dataDir, 'worktrees', isolated.id),
      baseRef: 'main',
      repoPath: repo,
      baseCommit: gitIn(repo, 'rev-parse', 'HEAD'),
    });
    expect(isolated.worktree?.branch).toMatch(/^autoloop\/fix-the-force-bug-[0-9a-f]{6}$/);
    expect(isolated.workdir).toBe(isolated.worktree?.path);
    expect(gitIn(repo, 'branch', '--list', 'autoloop/*')).toContain(isolated.worktree?.branch);
    const inPlace = await start(repo, model, { name: 'in place', isolation: 'none' });
    expect(inPlace).toMatchObject({ isolation: 'none', worktree: null, workdir: repo });
  });

  it('refuses a detached HEAD, an unknown base and a repository without commits, each saying what to do', async () => {
    const model = engine.writeScript('idle2', { responses: COMPLETING });
    const repo = createRepo();
    gitIn(repo, 'checkout', '-q', '--detach');
    await expect(start(repo, model)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('detached HEAD') });
    await expect(start(repo, model, { base: 'nope' })).rejects.toMatchObject({ message: expect.stringContaining('no branch or commit named "nope"') });
    const started = await start(repo, model, { base: 'main', name: 'from main' });
    expect(started.worktree?.baseRef).toBe('main');
    const empty = mkdtempSync(join(tmpdir(), 'autoloop-empty-'));
    execFileSync('git', ['-C', empty, 'init', '-q']);
    await expect(start(empty, model)).rejects.toMatchObject({ message: expect.stringContaining('has no commits yet') });
    // An option-looking base never reaches git: the API refuses it, and git is told where options end anyway.
    expect(() => StartRunParams.parse({ template: 'demo-counter', base: '--upload-pack=touch /tmp/x' })).toThrow('not starting with -');
    const sneaky = engine.api['runs.start']({ ...StartRunParams.parse({ template: 'demo-counter', workdir: repo, model }), base: '--output=/tmp/x' });
    await expect(sneaky).rejects.toMatchObject({ message: expect.stringContaining('no branch or commit named "--output=/tmp/x"') });
  });
});

describe('a run in its worktree', () => {
  it('commits each iteration that changed files, leaves the person’s folder untouched, and diffs per iteration and in total', async () => {
    const repo = createRepo({ 'README.md': 'hello\n', 'keep.txt': 'same\n' });
    const model = engine.writeScript('writer', {
      responses: [
        ...writingIteration({ 'a.txt': 'one\n' }, 'Added a.'),
        ...writingIteration({ 'README.md': 'hello\nworld\n', 'sub/b.txt': 'two\n' }, 'Edited the README.'),
        { toolCalls: [{ tool: 'report', input: { summary: 'Looked around.' } }] },
        { text: 'nothing changed' },
        ...COMPLETING,
      ],
    });
    const run = await start(repo, model, { name: 'writer' });
    const ended = await engine.supervisor.finished(run.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'completed', worktreeState: 'active' });
    expect(gitIn(repo, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(repo, 'a.txt'))).toBe(false);
    const iterations = await engine.api['runs.iterations']({ id: run.id });
    expect(iterations.map((it) => it.commit === null)).toEqual([false, false, true, true]);
    const branch = run.worktree?.branch ?? '';
    expect(gitIn(repo, 'log', '--format=%an <%ae>|%s', `main..${branch}`).split('\n')).toEqual([
      'Autoloop <autoloop@localhost>|Iteration 2: Edited the README.',
      'Autoloop <autoloop@localhost>|Iteration 1: Added a.',
    ]);
    const total = await call('runs.diff', { id: run.id, patch: true });
    expect(total.files.map((file) => [file.path, file.status, file.additions, file.deletions])).toEqual([
      ['README.md', 'modified', 1, 0],
      ['a.txt', 'added', 1, 0],
      ['sub/b.txt', 'added', 1, 0],
    ]);
    expect(total.files[0]?.hunks[0]?.lines).toEqual([
      { kind: 'context', text: 'hello' },
      { kind: 'add', text: 'world' },
    ]);
    expect(total.uncommitted).toBe(false);
    execFileSync('git', ['-C', repo, 'apply', '--check', '-'], { input: total.patch ?? '' });
    const second = await call('runs.diff', { id: run.id, iteration: 2 });
    expect(second.files.map((file) => file.path)).toEqual(['README.md', 'sub/b.txt']);
    expect((await call('runs.diff', { id: run.id, iteration: 3 })).files).toEqual([]);
    await expect(call('runs.diff', { id: run.id, iteration: 9 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(engine.api['runs.delete']({ id: run.id })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('merge or discard') });

    expect(await call('runs.mergeCheck', { id: run.id })).toEqual({ into: 'main', commits: 2, files: 3, conflicts: [], blocked: null });
    writeFileSync(join(repo, 'keep.txt'), 'dirty\n');
    await expect(call('runs.merge', { id: run.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('uncommitted changes on main'),
    });
    gitIn(repo, 'checkout', '--', 'keep.txt');
    const merged = await call('runs.merge', { id: run.id, strategy: 'squash' });
    expect(merged.run.worktreeState).toBe('merged');
    expect(merged.merge).toMatchObject({ into: 'main', strategy: 'squash', branchKept: false });
    expect(gitIn(repo, 'log', '-1', '--format=%s%n%b')).toContain('writer');
    expect(gitIn(repo, 'log', '-1', '--format=%b')).toContain('- Iteration 2: Edited the README.');
    expect(readFileSync(join(repo, 'sub', 'b.txt'), 'utf8')).toBe('two\n');
    expect(gitIn(repo, 'status', '--porcelain')).toBe('');
    expect(existsSync(run.worktree?.path ?? '')).toBe(false);
    expect(gitIn(repo, 'branch', '--list', branch)).toBe('');
    // The diff stays readable after the merge, from the iterations' commits.
    expect((await call('runs.diff', { id: run.id })).files).toHaveLength(3);
  });
});
