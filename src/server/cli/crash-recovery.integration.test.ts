import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createInspectedEngine } from '../../core/testing/inspected-engine';
import { openDatabase } from '../../core/store/database';
import { REPO_ROOT, embeddedEngineOptions, isProcessAlive } from '../../core/testing/temp-engine';
import { waitUntil } from '../../core/testing/wait-until';

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Children of a process, from Linux's /proc. */
function childrenOf(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
}

function linesOf(child: ChildProcess, onLine: (line: string) => void): void {
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    lines.forEach(onLine);
  });
}

describe('an engine killed with SIGKILL mid-run', () => {
  it('leaves a sound database, takes its runner down with it, and the run resumes after a restart with its numbering intact', async () => {
    const chatter = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const script = join(dataDir, 'chatty.json');
    writeFileSync(
      script,
      JSON.stringify({
        responses: [1, 2, 3, 4, 5, 6, 7, 8].flatMap((n) => [
          { delayMs: 50, text: `${chatter} (${n})`, toolCalls: [{ tool: 'report', input: { summary: `chatted ${n}` } }] },
          { text: `done ${n}` },
        ]),
        whenExhausted: 'loop',
      }),
    );
    const cli = spawn(
      process.execPath,
      [
        join(REPO_ROOT, 'bin', 'autoloop.js'),
        'run',
        'demo-counter',
        '--model',
        `scripted/${script}`,
        '--interval',
        '0s',
        '--max-iterations',
        '8',
        '--data-dir',
        dataDir,
        '--json',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let iterationsSeen = 0;
    let runId = '';
    linesOf(cli, (line) => {
      const parsed = JSON.parse(line) as { type: string; run?: { id: string } };
      if (parsed.type === 'run' && parsed.run) runId = parsed.run.id;
      if (parsed.type === 'iteration') iterationsSeen += 1;
    });
    await waitUntil(() => iterationsSeen >= 2, 'two iterations');
    const runners = childrenOf(cli.pid as number);
    expect(runners.length).toBe(1);
    cli.kill('SIGKILL');
    await new Promise((resolve) => cli.once('exit', resolve));
    // The runner notices its supervisor is gone and leaves: no orphan keeps running the agent.
    await waitUntil(() => runners.every((pid) => !isProcessAlive(pid)), 'the orphaned runner to exit', 10_000);

    const db = openDatabase(join(dataDir, 'autoloop.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const row = db.prepare('SELECT status, iterations FROM runs WHERE id = ?').get(runId) as { status: string; iterations: number };
    expect(row.status).toBe('running');
    expect(row.iterations).toBeGreaterThanOrEqual(2);
    expect(db.prepare("SELECT COUNT(*) FROM events WHERE run_id = ? AND kind = 'text'").pluck().get(runId)).toBeGreaterThanOrEqual(2);
    db.close();

    const engine = createInspectedEngine(embeddedEngineOptions(dataDir));
    try {
      const reconciled = await engine.api['runs.get']({ id: runId });
      expect(reconciled).toMatchObject({ status: 'paused', pauseReason: 'interrupted' });
      await engine.api['runs.resume']({ id: runId });
      const ended = await engine.supervisor.finished(runId);
      expect(ended).toMatchObject({ status: 'ended', stopReason: 'iteration_limit', iterations: 8 });
      const iterations = await engine.api['runs.iterations']({ id: runId });
      expect(iterations.map((iteration) => iteration.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      // The resumed model continued its script where the conversation left off.
      expect(iterations.at(-1)?.summary).toBe('chatted 8');
    } finally {
      await engine.close();
    }
  });
});
