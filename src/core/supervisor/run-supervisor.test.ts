import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { TERM_GRACE_MS } from './stop-ladder';
import { createChannelEngine, exitWith, playIteration } from '../testing/channel-engine';
import type { TempEngine } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';

// The supervisor's process rules over in-memory runners (STYLE R7): handshake, protocol errors, exit
// classification, the stop ladder, a failed finalisation. A real engine and SQLite file, no process.

const engines: TempEngine[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(engines.splice(0).map((target) => target.dispose()));
});

function setUp(...args: Parameters<typeof createChannelEngine>): ReturnType<typeof createChannelEngine> {
  const created = createChannelEngine(...args);
  engines.push(created.target);
  return created;
}

describe('the supervisor over in-memory runners', () => {
  it('sends init with the run, marks it running on ready, and records the exit message as the stop reason', async () => {
    const { host, target, start } = setUp();
    const run = await start({ name: 'counter', params: {} });
    const runner = await host.nextRunner();
    const init = await runner.handshake();
    expect(init).toMatchObject({ type: 'init', protocol: PROTOCOL_VERSION, runId: run.id, name: 'counter', workdir: run.workdir });
    expect(init.resume).toBeUndefined();
    await waitUntil(async () => (await target.api['runs.get']({ id: run.id })).status === 'running', 'the run to be running');
    await playIteration(runner, 1, 'Counted to 1.');
    exitWith(runner, 'completed', 1, 'all done');
    const ended = await target.supervisor.finished(run.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'completed', detail: 'all done', iterations: 1, inputTokens: 10, outputTokens: 5 });
    const [iteration] = await target.api['runs.iterations']({ id: run.id });
    expect(iteration).toMatchObject({ n: 1, status: 'ok', summary: 'Counted to 1.', inputTokens: 10, outputTokens: 5, costUsd: 0.01 });
  });

  it('ends a runner that never answers init as spawn_failed, with its output in the detail', async () => {
    const { host, target, start } = setUp({ handshakeTimeoutMs: 50 }, { output: 'runner: loading the model' });
    const run = await start();
    const runner = await host.nextRunner();
    const ended = await target.supervisor.finished(run.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'spawn_failed' });
    expect(ended.detail).toContain('did not answer within 0.05 s');
    expect(ended.detail).toContain('runner: loading the model');
    expect(runner.signals).toEqual(['SIGKILL']);
  });

  it('drops two invalid messages and ends the run as protocol_error on the third', async () => {
    const { host, target, start } = setUp();
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    runner.send({});
    runner.send({ type: 'nope' });
    await waitUntil(() => target.log.lines.some((line) => line.includes('(2/3)')), 'the second invalid message to be logged');
    expect(runner.received.some((message) => message.type === 'stop')).toBe(false);
    runner.send({ type: 'ready', pid: 'x' });
    expect(await runner.next('stop')).toEqual({ type: 'stop', reason: 'protocol_error' });
    runner.exit({ code: 0 });
    const ended = await target.supervisor.finished(run.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'protocol_error', detail: '3 invalid messages from the runner' });
    expect(target.log.lines.filter((line) => line.includes(`run ${run.id}: dropped invalid runner message`))).toHaveLength(3);
  });

  it('records an exit without an exit message as a crash with its code and output, and marks the iteration in flight interrupted', async () => {
    const { host, target, start } = setUp();
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    runner.send({ type: 'gate', iteration: 1 });
    await runner.next('gate_result');
    runner.send({ type: 'iteration_started', iteration: 1, startedAt: new Date().toISOString() });
    runner.exit({ code: 3, stderrTail: 'TypeError: boom' });
    const ended = await target.supervisor.finished(run.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'crash' });
    expect(ended.detail).toContain('exit code 3, signal none');
    expect(ended.detail).toContain('TypeError: boom');
    expect(await target.api['runs.iterations']({ id: run.id })).toMatchObject([{ n: 1, status: 'interrupted' }]);
    const { events } = await target.api['runs.events']({ id: run.id, afterSeq: 0, limit: 100 });
    expect(events.filter((event) => event.kind === 'error').map((event) => event.data.exitCode)).toEqual([3]);
  });

  it('stops a run through the ladder: a runner that ignores stop gets SIGTERM, and the stop asked for is recorded', async () => {
    const { host, target, start } = setUp();
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    const stopped = await target.api['runs.stop']({ id: run.id });
    expect(runner.received.filter((message) => message.type === 'stop')).toEqual([{ type: 'stop', reason: 'user_stop' }]);
    expect(runner.signals).toEqual(['SIGTERM']);
    expect(stopped).toMatchObject({ status: 'ended', stopReason: 'user_stop', detail: 'the runner ignored stop and got SIGTERM' });
  });

  it('sends SIGKILL to a runner that also survives SIGTERM for TERM_GRACE_MS', async () => {
    const { host, target, start } = setUp({}, { survives: ['SIGTERM'] });
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stopping = target.api['runs.stop']({ id: run.id });
    await vi.advanceTimersByTimeAsync(20);
    expect(runner.signals).toEqual(['SIGTERM']);
    await vi.advanceTimersByTimeAsync(TERM_GRACE_MS);
    expect(runner.signals).toEqual(['SIGTERM', 'SIGKILL']);
    vi.useRealTimers();
    expect(await stopping).toMatchObject({ status: 'ended', stopReason: 'user_stop', detail: 'the runner ignored stop and got SIGKILL' });
  });

  it('ends a run cleanly when the runner answers stop with its exit message', async () => {
    const { host, target, start } = setUp();
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    const stopping = target.api['runs.stop']({ id: run.id });
    await runner.next('stop');
    exitWith(runner, 'user_stop', 0);
    expect(await stopping).toMatchObject({ status: 'ended', stopReason: 'user_stop', detail: null });
    expect(runner.signals).toEqual([]);
  });

  it('ends a resumed run whose template revision is missing as spawn_failed without starting a process', async () => {
    const { host, target, start } = setUp();
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    exitWith(runner, 'paused', 0);
    await target.supervisor.finished(run.id);
    target.db.prepare('DELETE FROM template_revisions').run();
    await target.api['runs.resume']({ id: run.id });
    const ended = await target.supervisor.finished(run.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'spawn_failed' });
    expect(ended.detail).toContain('template revision');
    expect(host.runners).toHaveLength(1);
  });

  it('logs a failure to record how a process ended with the run id, and leaves no live run behind', async () => {
    const { host, target, start } = setUp();
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    const finished = target.supervisor.finished(run.id);
    // The row disappears under the live run (as if the database failed): the outcome cannot be stored.
    target.db.prepare('DELETE FROM runs WHERE id = ?').run(run.id);
    exitWith(runner, 'completed', 0);
    await expect(finished).rejects.toThrow(`run ${run.id} is not in the database`);
    expect(target.log.lines.some((line) => line.startsWith(`error run ${run.id}: recording how its process ended`))).toBe(true);
    expect(target.supervisor.isLive(run.id)).toBe(false);
  });
});
