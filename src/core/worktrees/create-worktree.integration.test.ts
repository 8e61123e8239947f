import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorktree } from './create-worktree';
import { decideIsolation } from './decide-isolation';
import { createRepo, gitIn } from './testing/git-repo';

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-create-'));

describe('createWorktree', () => {
  it('refuses a branch name that is taken, leaving the repository as it was', async () => {
    const repo = createRepo();
    gitIn(repo, 'branch', 'autoloop/taken-abcdef');
    const before = gitIn(repo, 'worktree', 'list');
    await expect(createWorktree({ folder: repo, runId: 'rabcdef000000', runName: 'taken', dataDir })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('The branch autoloop/taken-abcdef already exists'),
    });
    expect(gitIn(repo, 'worktree', 'list')).toBe(before);
    expect(existsSync(join(dataDir, 'worktrees', 'rabcdef000000'))).toBe(false);
  });

  it('carries staged, unstaged and untracked changes with --with-uncommitted, leaving the person’s index and files as they were', async () => {
    const repo = createRepo({ 'README.md': 'hello\n', 'a.txt': 'a\n', '.gitignore': 'ignored.log\n' });
    writeFileSync(join(repo, 'a.txt'), 'a changed\n');
    writeFileSync(join(repo, 'staged.txt'), 'staged\n');
    gitIn(repo, 'add', 'staged.txt');
    writeFileSync(join(repo, 'untracked.txt'), 'untracked\n');
    writeFileSync(join(repo, 'ignored.log'), 'noise\n');
    const status = gitIn(repo, 'status', '--porcelain');
    const created = await createWorktree({ folder: repo, runId: 'rcarried00000', runName: 'carried', dataDir, withUncommitted: true });
    const { path, branch } = created.worktree;
    expect(readFileSync(join(path, 'a.txt'), 'utf8')).toBe('a changed\n');
    expect(readFileSync(join(path, 'staged.txt'), 'utf8')).toBe('staged\n');
    expect(readFileSync(join(path, 'untracked.txt'), 'utf8')).toBe('untracked\n');
    expect(existsSync(join(path, 'ignored.log'))).toBe(false);
    expect(gitIn(repo, 'log', '-1', '--format=%s', branch)).toBe(`Uncommitted changes carried over from ${repo}`);
    expect(gitIn(repo, 'status', '--porcelain')).toBe(status);
    expect(gitIn(repo, 'stash', 'list')).toBe('');
  });

  it('copies and links the entries a template names into the chosen folder’s place, never outside the source', async () => {
    const repo = createRepo();
    mkdirSync(join(repo, 'app', 'node_modules'), { recursive: true });
    writeFileSync(join(repo, 'app', '.env'), 'KEY=1\n');
    writeFileSync(join(repo, 'app', 'node_modules', 'x.js'), '1\n');
    gitIn(repo, 'add', '--force', 'app/.env');
    gitIn(repo, 'commit', '-q', '-m', 'tracked env');
    writeFileSync(join(repo, 'app', '.env'), 'KEY=local\n');
    const created = await createWorktree({
      folder: join(repo, 'app'),
      runId: 'rcopied000000',
      runName: 'copied',
      dataDir,
      copy: ['.env', '*.none'],
      link: ['node_modules'],
    });
    expect(created.workdir).toBe(join(created.worktree.path, 'app/'));
    // A tracked file the branch has is not overwritten by the person's local copy.
    expect(readFileSync(join(created.workdir, '.env'), 'utf8')).toBe('KEY=1\n');
    expect(lstatSync(join(created.workdir, 'node_modules')).isSymbolicLink()).toBe(true);
    expect(created.exclude).toEqual(['app/node_modules']);
  });
});

describe('decideIsolation without git', () => {
  it('runs a plain folder in place, and refuses a repository saying git is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const plain = mkdtempSync(join(tmpdir(), 'autoloop-nogit-'));
      expect(await decideIsolation({ requested: undefined, templateDefault: undefined, folder: plain, chosen: true })).toBe('none');
      const repo = mkdtempSync(join(tmpdir(), 'autoloop-nogit-repo-'));
      mkdirSync(join(repo, '.git'));
      await expect(decideIsolation({ requested: undefined, templateDefault: undefined, folder: repo, chosen: true })).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringContaining('git is not installed'),
      });
    } finally {
      process.env.PATH = path;
    }
  });
});
