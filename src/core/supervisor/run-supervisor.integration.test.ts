import { describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { ApiParams } from '../../shared/api';
import type { Run } from '../../shared/records';
import { type TempEngine, reportingIteration } from '../testing/temp-engine';
import { tempEnginesPerFile } from '../testing/temp-engines';
import { waitUntil } from '../testing/wait-until';

const engine = tempEnginesPerFile();

async function startAndFinish(target: TempEngine, params: ApiParams<'runs.start'>): Promise<Run> {
  const run = await target.api['runs.start'](StartRunParams.parse(params));
  return (await target.supervisor.finished(run.id)) ?? run;
}

/** Resolves when the run has `count` finished iterations in the database. */
async function iterationsDone(target: TempEngine, runId: string, count: number): Promise<void> {
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (target.api && (target.supervisor.isLive(runId) === false || doneCount() >= count)) {
        unsubscribe();
        resolve();
      }
    };
    const doneCount = (): number =>
      target.db.prepare("SELECT COUNT(*) AS n FROM iterations WHERE run_id = ? AND status != 'running'").pluck().get(runId) as number;
    const unsubscribe = target.bus.subscribe(check);
    check();
  });
}

describe('a supervised run with a real runner process', () => {
  it('runs the built-in demo to completion and stores every iteration and event in SQLite', async () => {
    const target = engine();
    const run = await startAndFinish(target, { template: 'demo-counter', loop: { intervalMs: 0 } });
    expect(run).toMatchObject({ status: 'ended', stopReason: 'completed', iterations: 5 });
    const iterations = await target.api['runs.iterations']({ id: run.id });
    expect(iterations.map((iteration) => [iteration.n, iteration.status, iteration.summary])).toEqual([
      [1, 'ok', 'Counted to 1.'],
      [2, 'ok', 'Counted to 2.'],
      [3, 'ok', 'Counted to 3.'],
      [4, 'ok', 'Counted to 4.'],
      [5, 'ok', 'Counted to 5.'],
    ]);
    expect(run.inputTokens).toBeGreaterThan(0);
    expect(run.costUsd).toBe(0);
    const { events } = await target.api['runs.events']({ id: run.id, afterSeq: 0, limit: 1_000 });
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    expect(events.filter((event) => event.kind === 'tool_call').map((event) => event.data.tool)).toContain('complete');
    // Text deltas were coalesced into whole lines, not stored word by word.
    expect(events.find((event) => event.kind === 'text')?.data.text).toBe('The last number was none, so the next is 1.');
  });

  it('stops at maxIterations with iteration_limit', async () => {
    const target = engine();
    const model = target.writeScript('varied', { responses: [1, 2, 3, 4, 5].flatMap((n) => reportingIteration(`step ${n}`)), whenExhausted: 'loop' });
    const run = await startAndFinish(target, { template: 'demo-counter', model, limits: { maxIterations: 2 }, loop: { intervalMs: 0 } });
    expect(run).toMatchObject({ status: 'ended', stopReason: 'iteration_limit', iterations: 2 });
  });

  it('stops at maxDurationMs with time_limit, after the iteration in flight', async () => {
    const target = engine();
    const model = target.writeScript('timed', { responses: [1, 2, 3, 4, 5, 6].flatMap((n) => reportingIteration(`lap ${n}`, 200)), whenExhausted: 'loop' });
    const run = await startAndFinish(target, { template: 'demo-counter', model, limits: { maxDurationMs: 500 }, loop: { intervalMs: 0 } });
    expect(run).toMatchObject({ status: 'ended', stopReason: 'time_limit' });
    expect(run.iterations).toBeGreaterThanOrEqual(1);
    expect(run.iterations).toBeLessThanOrEqual(3);
  });

  it('stops with stagnation after three identical summaries, with exactly three iterations', async () => {
    const target = engine();
    const model = target.writeScript('same', { responses: reportingIteration('Nothing changed.'), whenExhausted: 'loop' });
    const run = await startAndFinish(target, { template: 'demo-counter', model, loop: { intervalMs: 0 } });
    expect(run).toMatchObject({ status: 'ended', stopReason: 'stagnation', iterations: 3 });
  });

  it('stops with failure_limit after three provider errors with the same status', async () => {
    const target = engine();
    const model = target.writeScript('failing', { responses: [{ error: { status: 500, message: 'upstream broke' } }] });
    const run = await startAndFinish(target, { template: 'demo-counter', model, loop: { intervalMs: 0, errorPauseMs: 0 } });
    expect(run).toMatchObject({ status: 'ended', stopReason: 'failure_limit', iterations: 3 });
    const iterations = await target.api['runs.iterations']({ id: run.id });
    expect(iterations.every((iteration) => iteration.status === 'error')).toBe(true);
  });

  it('stops a run in its interval wait at once, cleanly, as user_stop', async () => {
    const target = engine();
    const model = target.writeScript('slow', { responses: [1, 2, 3].flatMap((n) => reportingIteration(`step ${n}`)), whenExhausted: 'loop' });
    const started = await target.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model, loop: { intervalMs: 60_000 } }));
    await iterationsDone(target, started.id, 1);
    const stopped = await target.api['runs.stop']({ id: started.id });
    expect(stopped).toMatchObject({ status: 'ended', stopReason: 'user_stop', iterations: 1 });
    expect(stopped.detail ?? '').not.toContain('ignored stop');
  });

  it('records a runner killed from outside as a crash with its exit signal, never as a clean stop', async () => {
    const target = engine();
    const model = target.writeScript('slow2', { responses: reportingIteration('waiting', 0), whenExhausted: 'loop' });
    const started = await target.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model, loop: { intervalMs: 60_000, stagnationLimit: 0 } }));
    await iterationsDone(target, started.id, 1);
    // Kill after iteration 1's checkpoint is stored (right after iteration_done), so the resume below starts at 2.
    await waitUntil(() => target.db.prepare('SELECT COUNT(*) FROM messages WHERE run_id = ?').pluck().get(started.id) !== 0, 'the checkpoint of iteration 1');
    const pid = target.supervisor.pidOf(started.id);
    expect(pid).not.toBeNull();
    process.kill(pid as number, 'SIGKILL');
    const run = await target.supervisor.finished(started.id);
    expect(run).toMatchObject({ status: 'ended', stopReason: 'crash', iterations: 1 });
    expect(run?.detail).toContain('signal SIGKILL');
    // A crashed run resumes from its checkpoint under the same id, its numbering continuing.
    const resumed = await target.api['runs.resume']({ id: started.id, limits: { maxIterations: 2 } });
    expect(resumed).toMatchObject({ id: started.id, stopReason: null });
    expect(await target.supervisor.finished(started.id)).toMatchObject({ status: 'ended', stopReason: 'iteration_limit', iterations: 2 });
  });

  it('refuses a second active run with the same name unless asked to replace it', async () => {
    const target = engine();
    const model = target.writeScript('endless', { responses: [1, 2].flatMap((n) => reportingIteration(`tick ${n}`)), whenExhausted: 'loop' });
    const params = StartRunParams.parse({ template: 'demo-counter', name: 'twin', model, loop: { intervalMs: 60_000 } });
    const first = await target.api['runs.start'](params);
    await expect(target.api['runs.start'](params)).rejects.toMatchObject({ code: 'conflict' });
    const second = await target.api['runs.start']({ ...params, replace: true });
    expect((await target.api['runs.get']({ id: first.id })).stopReason).toBe('user_stop');
    await target.api['runs.stop']({ id: second.id });
  });

  it('pauses every live run on shutdown, resumable later', async () => {
    const target = engine();
    const model = target.writeScript('endless2', { responses: [1, 2].flatMap((n) => reportingIteration(`tock ${n}`)), whenExhausted: 'loop' });
    const started = await target.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model, loop: { intervalMs: 60_000 } }));
    await iterationsDone(target, started.id, 1);
    const [paused] = await target.supervisor.pauseAllForShutdown();
    expect(paused).toMatchObject({ status: 'paused', pauseReason: 'shutdown', stopReason: null });
  });
});
