import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createInspectedEngine } from '../../core/testing/inspected-engine';
import { embeddedEngineOptions, isProcessAlive } from '../../core/testing/temp-engine';
import { createRepo, gitIn, writingIteration } from '../../core/worktrees/testing/git-repo';
import { jsonLines, spawnAutoloop, until, writeScript } from '../testing/cli-process';

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-worktree-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Children of a process, from Linux's /proc. */
function childrenOf(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
}

/** The model "thinks" this long after writing its partial change: the engine is killed meanwhile. */
const THINKING_MS = 120_000;

describe('an engine killed with SIGKILL in the middle of a worktree run’s iteration', () => {
  it('loses nothing: after a restart, resuming commits the partial changes as "Iteration N (interrupted)" on the run’s branch', async () => {
    const repo = createRepo();
    const model = writeScript(dataDir, 'half-done', {
      responses: [
        ...writingIteration({ 'a.txt': 'one\n' }, 'Wrote a.'),
        // Iteration 2 writes b.txt, then the model takes its time before reporting: the kill comes in between.
        { toolCalls: [{ tool: 'write_file', input: { path: 'b.txt', content: 'half of two\n' } }] },
        { delayMs: THINKING_MS, toolCalls: [{ tool: 'report', input: { summary: 'Wrote b.' } }] },
        { text: 'Done.' },
      ],
    });
    const cli = spawnAutoloop(dataDir, 'run', 'demo-counter', '--workdir', repo, '--model', model, '--profile', 'trusted', '--interval', '0s', '--json');
    // Whole lines only: the last one may still be arriving.
    const runIdOf = (): string => {
      const whole = cli.stdout().slice(0, cli.stdout().lastIndexOf('\n') + 1);
      return (jsonLines(whole) as Array<{ type: string; run?: { id: string } }>).find((line) => line.type === 'run')?.run?.id ?? '';
    };
    await until(() => runIdOf() !== '', 'the run to start');
    const runId = runIdOf();
    const worktree = join(dataDir, 'worktrees', runId);
    await until(() => existsSync(join(worktree, 'b.txt')), 'iteration 2 to write b.txt');
    const branch = gitIn(worktree, 'rev-parse', '--abbrev-ref', 'HEAD');
    await until(() => gitIn(repo, 'log', '--format=%s', `main..${branch}`) === 'Iteration 1: Wrote a.', 'iteration 1 to be committed');

    const runners = childrenOf(cli.child.pid as number);
    expect(runners).toHaveLength(1);
    cli.child.kill('SIGKILL');
    await cli.exited;
    await until(() => runners.every((pid) => !isProcessAlive(pid)), 'the orphaned runner to exit');
    // Nothing committed the half-done iteration yet: b.txt waits in the worktree, and the person's folder saw nothing.
    expect(gitIn(worktree, 'status', '--porcelain')).toBe('?? b.txt');
    expect(gitIn(repo, 'status', '--porcelain')).toBe('');

    const engine = createInspectedEngine(embeddedEngineOptions(dataDir));
    try {
      expect(await engine.api['runs.get']({ id: runId })).toMatchObject({ status: 'paused', pauseReason: 'interrupted', worktreeState: 'active' });
      const iterations = await engine.api['runs.iterations']({ id: runId });
      expect(iterations.map((iteration) => [iteration.n, iteration.status])).toEqual([
        [1, 'ok'],
        [2, 'interrupted'],
      ]);
      await engine.api['runs.resume']({ id: runId });
      expect(gitIn(repo, 'log', '--format=%s', `main..${branch}`).split('\n')).toEqual(['Iteration 2 (interrupted)', 'Iteration 1: Wrote a.']);
      expect(gitIn(repo, 'show', `${branch}:b.txt`)).toBe('half of two');
      // The resume runs iteration 2 again under its number, from the interrupted commit.
      const second = (await engine.api['runs.iterations']({ id: runId })).find((iteration) => iteration.n === 2);
      expect(second?.commit).toBe(gitIn(repo, 'rev-parse', branch));
      // The resumed run goes on from there; stopping it leaves both commits on its branch.
      await engine.api['runs.stop']({ id: runId });
      await engine.supervisor.finished(runId);
      expect(gitIn(repo, 'log', '--format=%s', `main..${branch}`)).toContain('Iteration 2 (interrupted)\nIteration 1: Wrote a.');
      expect(gitIn(repo, 'status', '--porcelain')).toBe('');
    } finally {
      await engine.close();
    }
  });
});
