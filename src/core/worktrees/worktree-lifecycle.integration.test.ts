import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Run } from '../../shared/records';
import { type TempEngine, createTempEngine } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';
import { COMPLETING, apiCall, createRepo, gitIn, startRunIn, writingIteration } from './testing/git-repo';

const engines: TempEngine[] = [];
afterAll(async () => {
  for (const engine of engines) await engine.dispose();
});

function newEngine(dataDir?: string): TempEngine {
  const engine = createTempEngine(dataDir ? { dataDir } : {});
  engines.push(engine);
  return engine;
}

async function finishedRun(engine: TempEngine, repo: string, name: string, responses: Parameters<TempEngine['writeScript']>[1]['responses']): Promise<Run> {
  const run = await startRunIn(engine, repo, engine.writeScript(name, { responses }), { name });
  return engine.supervisor.finished(run.id).then(() => run);
}

describe('an iteration cut short', () => {
  it('is committed as "Iteration N (interrupted)" when its process ends, and what changed since is committed before a resume', async () => {
    const engine = newEngine();
    const repo = createRepo();
    const model = engine.writeScript('cut-short', {
      responses: [{ toolCalls: [{ tool: 'write_file', input: { path: 'part.txt', content: 'half\n' } }] }, { delayMs: 60_000, text: 'still thinking' }],
    });
    const run = await startRunIn(engine, repo, model, { name: 'cut short' });
    const worktree = run.worktree?.path ?? '';
    await waitUntil(() => existsSync(join(worktree, 'part.txt')), 'the agent to write part.txt');
    await engine.supervisor.pauseAllForShutdown();
    const [iteration] = await engine.api['runs.iterations']({ id: run.id });
    expect(iteration).toMatchObject({ n: 1, status: 'interrupted', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const branch = run.worktree?.branch ?? '';
    expect(gitIn(repo, 'log', '--format=%s', `main..${branch}`)).toBe('Iteration 1 (interrupted)');
    writeFileSync(join(worktree, 'late.txt'), 'written after the pause\n');
    await engine.api['runs.resume']({ id: run.id });
    expect(gitIn(repo, 'log', '--format=%s', `main..${branch}`).split('\n')).toEqual(['Iteration 1 (interrupted)', 'Iteration 1 (interrupted)']);
    expect(gitIn(repo, 'show', `${branch}:late.txt`)).toBe('written after the pause');
    await engine.api['runs.stop']({ id: run.id });
    expect(gitIn(repo, 'status', '--porcelain')).toBe('');
  });
});

describe('at engine start', () => {
  it('marks a worktree deleted by hand missing, reports a folder without a run, and retention removes only worktrees with nothing unmerged', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-lifecycle-'));
    const first = newEngine(dataDir);
    const repo = createRepo();
    const changed = await finishedRun(first, repo, 'old-with-changes', [...writingIteration({ 'keep.txt': 'keep\n' }, 'Kept.'), ...COMPLETING]);
    const deleted = await finishedRun(first, repo, 'deleted-by-hand', [...writingIteration({ 'gone.txt': 'gone\n' }, 'Gone.'), ...COMPLETING]);
    const empty = await finishedRun(first, repo, 'old-and-empty', COMPLETING);
    const month = new Date(Date.now() - 30 * 86_400_000).toISOString();
    first.db.prepare('UPDATE runs SET ended_at = ? WHERE id IN (?, ?)').run(month, changed.id, empty.id);
    // As if paused before its folder was deleted: a resume must say what happened instead of starting in nothing.
    first.db.prepare("UPDATE runs SET status = 'paused', pause_reason = 'user', stop_reason = NULL, ended_at = NULL WHERE id = ?").run(deleted.id);
    await first.close();
    rmSync(deleted.worktree?.path ?? '', { recursive: true, force: true });
    const stray = join(dataDir, 'worktrees', 'stray');
    mkdirSync(stray);
    writeFileSync(join(stray, 'notes.txt'), 'mine\n');

    const second = newEngine(dataDir);
    await second.worktrees.ready;
    const get = (run: Run): Promise<Run> => second.api['runs.get']({ id: run.id });
    expect((await get(deleted)).worktreeState).toBe('missing');
    expect(gitIn(repo, 'show', `${deleted.worktree?.branch ?? ''}:gone.txt`)).toBe('gone');
    await expect(second.api['runs.resume']({ id: deleted.id })).rejects.toMatchObject({ message: expect.stringContaining('is gone (deleted by hand') });
    expect((await get(empty)).worktreeState).toBe('removed');
    expect(existsSync(empty.worktree?.path ?? '')).toBe(false);
    expect(gitIn(repo, 'branch', '--list', empty.worktree?.branch ?? '')).toBe('');
    expect((await get(changed)).worktreeState).toBe('active');
    expect(existsSync(join(changed.worktree?.path ?? '', 'keep.txt'))).toBe(true);
    const usage = await apiCall(second, 'system.worktrees', {});
    expect(usage).toMatchObject({ folder: join(dataDir, 'worktrees'), count: 2, orphans: [stray], retentionDays: 14 });
    expect(usage.bytes).toBeGreaterThan(0);
    expect(existsSync(join(stray, 'notes.txt'))).toBe(true);
    expect(second.log.lines.join('\n')).toContain(`${stray} belongs to no active run`);
  });
});

describe('two runs on one repository', () => {
  it('each get their own worktree and branch, and the runs list can tell they touch the same file', async () => {
    const engine = newEngine();
    const repo = createRepo();
    const [one, two] = await Promise.all(
      ['one', 'two'].map((name) =>
        finishedRun(engine, repo, name, [...writingIteration({ 'shared.txt': `${name}\n`, [`${name}.txt`]: 'own\n' }, `Wrote as ${name}.`), ...COMPLETING]),
      ),
    );
    expect(one?.worktree?.path).not.toBe(two?.worktree?.path);
    expect(one?.worktree?.branch).not.toBe(two?.worktree?.branch);
    expect(gitIn(repo, 'show', `${one?.worktree?.branch ?? ''}:shared.txt`)).toBe('one');
    expect(gitIn(repo, 'show', `${two?.worktree?.branch ?? ''}:shared.txt`)).toBe('two');
    const { overlaps } = await apiCall(engine, 'runs.overlaps', {});
    expect(overlaps).toEqual(
      expect.arrayContaining([
        { runId: one?.id, otherRunId: two?.id, repoPath: repo, files: ['shared.txt'] },
        { runId: two?.id, otherRunId: one?.id, repoPath: repo, files: ['shared.txt'] },
      ]),
    );
  });
});

describe('a template’s setup, copy and link', () => {
  it('copies and links untracked files (never committed), runs setup in the worktree as log events, and a failing command ends the run setup_failed', async () => {
    const engine = newEngine();
    const repo = createRepo();
    writeFileSync(join(repo, '.env'), 'SECRET=1\n');
    mkdirSync(join(repo, 'deps'));
    writeFileSync(join(repo, 'deps', 'lib.js'), 'module.exports = 1;\n');
    const template = (name: string, setup: string[]): string =>
      `---\nname: ${name}\nisolation: worktree\nsetup: ${JSON.stringify(setup)}\ncopy: [".env"]\nlink: ["deps"]\npermissions: { profile: trusted }\n---\nDo the task.\n`;
    await engine.api['templates.save']({ name: 'with-setup', text: template('with-setup', ['cat .env > seen.txt', 'ls deps >> seen.txt']) });
    await engine.api['templates.save']({ name: 'bad-setup', text: template('bad-setup', ['echo about to fail', 'echo broken >&2; exit 3', 'echo never']) });
    const model = engine.writeScript('setup-writer', { responses: [...writingIteration({ 'work.txt': 'work\n' }, 'Worked.'), ...COMPLETING] });
    const good = await startRunIn(engine, repo, model, { template: 'with-setup', name: 'with setup' });
    expect((await engine.supervisor.finished(good.id)).stopReason).toBe('completed');
    const branch = good.worktree?.branch ?? '';
    expect(gitIn(repo, 'show', `${branch}:seen.txt`)).toBe('SECRET=1\nlib.js');
    expect(gitIn(repo, 'ls-tree', '-r', '--name-only', branch).split('\n').toSorted()).toEqual(['README.md', 'seen.txt', 'work.txt']);
    const { events } = await engine.api['runs.events']({ id: good.id, afterSeq: 0, limit: 1_000 });
    expect(events.filter((event) => event.kind === 'setup').map((event) => [event.data.command, event.data.exitCode])).toEqual([
      ['cat .env > seen.txt', 0],
      ['ls deps >> seen.txt', 0],
    ]);

    const bad = await startRunIn(engine, repo, model, { template: 'bad-setup', name: 'bad setup' });
    const ended = await engine.supervisor.finished(bad.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'setup_failed', iterations: 0 });
    expect(ended.detail).toContain('exit code 3');
    expect(ended.detail).toContain('broken');
    const failed = (await engine.api['runs.events']({ id: bad.id, afterSeq: 0, limit: 1_000 })).events.filter((event) => event.kind === 'setup');
    expect(failed.map((event) => event.data.exitCode)).toEqual([0, 3]);
  });
});

describe('setup in the sandbox', () => {
  it('runs a workspace-write run’s setup inside its sandbox, writing only in the worktree', async () => {
    const engine = newEngine();
    const repo = createRepo();
    const outside = join(tmpdir(), `autoloop-outside-${Date.now()}.txt`);
    await engine.api['templates.save']({
      name: 'sandboxed-setup',
      text: `---\nname: sandboxed-setup\nsetup: ["echo inside > setup.txt", "echo escaped > ${outside} || true"]\npermissions: { profile: workspace-write }\n---\nDo the task.\n`,
    });
    const model = engine.writeScript('sandboxed', { responses: COMPLETING });
    const run = await startRunIn(engine, repo, model, { template: 'sandboxed-setup', name: 'sandboxed setup', permissions: { profile: 'workspace-write' } });
    expect(run.sandbox).not.toBe('none');
    expect((await engine.supervisor.finished(run.id)).stopReason).toBe('completed');
    expect(readFileSync(join(run.worktree?.path ?? '', 'setup.txt'), 'utf8')).toBe('inside\n');
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(join(repo, 'setup.txt'))).toBe(false);
  });
});
