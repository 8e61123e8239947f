import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { ApiParams } from '../../shared/api';
import { FIXTURES_DIR, type TempEngine, isProcessAlive, reportingIteration } from '../testing/temp-engine';
import { tempEnginesPerFile } from '../testing/temp-engines';
import { waitUntil } from '../testing/wait-until';

// The seed's known defects, fixed and pinned: every exit is classified, every reason reaches the
// database, nothing the runner prints or reads can break the protocol, no process is orphaned.

const engine = tempEnginesPerFile();
const fixture = (name: string): string => join(FIXTURES_DIR, name);

async function start(target: TempEngine, params: ApiParams<'runs.start'>) {
  return target.api['runs.start'](StartRunParams.parse(params));
}

describe('the supervisor always knows and controls its runner processes', () => {
  it('ends a runner that never answers init as spawn_failed, with its output in the detail', async () => {
    const target = engine({ runnerEntry: fixture('silent-runner.mjs'), supervisor: { handshakeTimeoutMs: 500 } });
    const run = await start(target, { template: 'demo-counter' });
    const ended = await target.supervisor.finished(run.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'spawn_failed' });
    expect(ended.detail).toContain('did not answer within 0.5 s');
    expect(ended.detail).toContain('silent runner: started and saying nothing');
  });

  it('refuses to start a run whose scripted model is broken on disk, saying why (no runner starts)', async () => {
    const target = engine();
    const model = target.writeScript('broken', { responses: [{ text: 'x', toolCalls: [{ tool: 'report', input: { summary: 'y' } }] }] });
    // Valid when written, then broken on disk before the run starts.
    writeFileSync(model.slice('scripted/'.length), '{ "responses": [ { "nonsense": true } ] }');
    const pidsBefore = target.pids.length;
    await expect(start(target, { template: 'demo-counter', model })).rejects.toThrow(/is not a script/);
    expect(target.pids).toHaveLength(pidsBefore);
  });

  it('ends a run as protocol_error on the third invalid message and does not orphan the process', async () => {
    const target = engine({ runnerEntry: fixture('junk-runner.mjs'), supervisor: { stopGraceMs: 200 } });
    const run = await start(target, { template: 'demo-counter' });
    const ended = await target.supervisor.finished(run.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'protocol_error' });
    expect(target.log.lines.filter((line) => line.includes(`run ${run.id}: dropped invalid runner message`))).toHaveLength(3);
    expect(isProcessAlive(target.pids[0] as number)).toBe(false);
  });

  it('kills a runner that ignores stop and SIGTERM, and still records the stop the person asked for', async () => {
    const target = engine({ runnerEntry: fixture('stubborn-runner.mjs'), supervisor: { stopGraceMs: 200 } });
    const run = await start(target, { template: 'demo-counter' });
    await waitUntil(() => target.api['runs.get']({ id: run.id }).then((current) => current.status === 'running'));
    const stopped = await target.api['runs.stop']({ id: run.id });
    expect(stopped).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
    expect(stopped.detail).toContain('the runner ignored stop and got SIGKILL');
  });

  it('kills a runner that stops answering pings and records a crash, detail unresponsive', async () => {
    const target = engine({ runnerEntry: fixture('mute-runner.mjs'), supervisor: { liveness: { silenceMs: 300, pongTimeoutMs: 300 } } });
    const run = await start(target, { template: 'demo-counter' });
    const ended = await target.supervisor.finished(run.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'crash' });
    expect(ended.detail).toContain('unresponsive');
  });

  it('ends a resume whose stored conversation is not a valid conversation as spawn_failed, saying why', async () => {
    const target = engine();
    const model = target.writeScript('pausable', {
      responses: [
        { text: 'x', toolCalls: [{ tool: 'report', input: { summary: 'spent' } }], usage: { inputTokens: 400, outputTokens: 100 } },
        { text: 'ok', usage: { inputTokens: 0, outputTokens: 0 } },
      ],
      whenExhausted: 'loop',
    });
    const run = await start(target, { template: 'demo-counter', model, limits: { maxTokens: 500 }, loop: { intervalMs: 0, stagnationLimit: 0 } });
    expect(await target.supervisor.finished(run.id)).toMatchObject({ status: 'paused', pauseReason: 'budget' });
    target.db.prepare('UPDATE messages SET message = ? WHERE run_id = ?').run(JSON.stringify({ role: 'robot', content: 42 }), run.id);
    await target.api['runs.resume']({ id: run.id, limits: { maxTokens: 1_000 } });
    const ended = await target.supervisor.finished(run.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'spawn_failed', iterations: 1 });
    expect(ended.detail).toContain('The stored conversation cannot be resumed');
  });

  it('ignores what the runner prints and gives it an empty stdin: the run completes normally', async () => {
    const target = engine({ runnerEntry: fixture('noisy-runner.mjs') });
    const run = await start(target, { template: 'demo-counter', loop: { intervalMs: 0 } });
    const ended = await target.supervisor.finished(run.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'completed', iterations: 5 });
  });

  it('restarts a crashed run from its checkpoint under the same id, continuing the iteration numbers', async () => {
    const target = engine({ supervisor: { backoff: { baseMs: 50, capMs: 50, jitterMs: 0 } } });
    const model = target.writeScript('steps', { responses: [1, 2, 3, 4].flatMap((n) => reportingIteration(`step ${n}`, 150)), whenExhausted: 'loop' });
    const run = await start(target, {
      template: 'demo-counter',
      model,
      limits: { maxIterations: 4 },
      loop: { intervalMs: 0, restartPolicy: 'on-crash', maxRestarts: 2 },
    });
    await waitUntil(async () => (await target.api['runs.iterations']({ id: run.id })).some((it) => it.n === 2 && it.status === 'ok'));
    process.kill(target.supervisor.pidOf(run.id) as number, 'SIGKILL');
    const ended = await target.supervisor.finished(run.id);
    expect(ended).toMatchObject({ id: run.id, status: 'ended', stopReason: 'iteration_limit', iterations: 4 });
    const iterations = await target.api['runs.iterations']({ id: run.id });
    // The iteration the crash interrupted is run again under its own number; nothing is skipped or doubled.
    expect(iterations.map((it) => [it.n, it.status])).toEqual([
      [1, 'ok'],
      [2, 'ok'],
      [3, 'ok'],
      [4, 'ok'],
    ]);
    expect(target.pids).toHaveLength(2);
    const { events } = await target.api['runs.events']({ id: run.id, afterSeq: 0, limit: 1_000 });
    expect(events.some((event) => event.kind === 'notice' && String(event.data.message).includes('restart 1 of 2'))).toBe(true);
  });

  it('lets a stop beat a pending restart', async () => {
    const target = engine({ supervisor: { backoff: { baseMs: 60_000, capMs: 60_000, jitterMs: 0 } } });
    const model = target.writeScript('slow', { responses: reportingIteration('tick'), whenExhausted: 'loop' });
    const run = await start(target, {
      template: 'demo-counter',
      model,
      loop: { intervalMs: 60_000, stagnationLimit: 0, restartPolicy: 'on-crash', maxRestarts: 3 },
    });
    await waitUntil(async () => (await target.api['runs.get']({ id: run.id })).iterations === 1);
    process.kill(target.supervisor.pidOf(run.id) as number, 'SIGKILL');
    await waitUntil(async () => (await target.api['runs.get']({ id: run.id })).detail?.startsWith('Crashed; restarting') ?? false);
    const stopped = await target.api['runs.stop']({ id: run.id });
    expect(stopped).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
    expect(target.pids).toHaveLength(1);
  });

  it('pauses at the next gate when asked, with no process left, and resumes under the same id', async () => {
    const target = engine();
    const model = target.writeScript('steps2', { responses: [1, 2, 3, 4, 5, 6].flatMap((n) => reportingIteration(`step ${n}`)), whenExhausted: 'loop' });
    const run = await start(target, { template: 'demo-counter', model, limits: { maxIterations: 4 }, loop: { intervalMs: 300 } });
    await waitUntil(async () => (await target.api['runs.get']({ id: run.id })).iterations >= 1);
    await target.api['runs.pause']({ id: run.id });
    const paused = await target.supervisor.finished(run.id);
    expect(paused).toMatchObject({ status: 'paused', pauseReason: 'user' });
    expect(target.supervisor.pidOf(run.id)).toBeNull();
    const doneBeforeResume = paused.iterations;
    await target.api['runs.resume']({ id: run.id });
    const ended = await target.supervisor.finished(run.id);
    expect(ended).toMatchObject({ id: run.id, status: 'ended', stopReason: 'iteration_limit', iterations: 4 });
    const numbers = (await target.api['runs.iterations']({ id: run.id })).map((it) => it.n);
    expect(numbers).toEqual([1, 2, 3, 4]);
    expect(doneBeforeResume).toBeLessThan(4);
  });

  it('pauses for budget at the gate, and a resume with the same limits pauses again without running an iteration', async () => {
    const target = engine();
    const model = target.writeScript('costly', {
      responses: [
        { text: 'x', toolCalls: [{ tool: 'report', input: { summary: 'spent' } }], usage: { inputTokens: 400, outputTokens: 100 } },
        { text: 'ok', usage: { inputTokens: 0, outputTokens: 0 } },
      ],
      whenExhausted: 'loop',
    });
    const run = await start(target, { template: 'demo-counter', model, limits: { maxTokens: 500 }, loop: { intervalMs: 0, stagnationLimit: 0 } });
    const paused = await target.supervisor.finished(run.id);
    expect(paused).toMatchObject({ status: 'paused', pauseReason: 'budget', iterations: 1, detail: 'Used 500 of 500 tokens' });
    await target.api['runs.resume']({ id: run.id });
    expect(await target.supervisor.finished(run.id)).toMatchObject({ status: 'paused', pauseReason: 'budget', iterations: 1 });
    await target.api['runs.resume']({ id: run.id, limits: { maxTokens: 1_000 } });
    expect(await target.supervisor.finished(run.id)).toMatchObject({ status: 'paused', pauseReason: 'budget', iterations: 2 });
  });
});
