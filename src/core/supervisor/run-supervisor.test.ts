import { afterEach, describe, expect, it, vi } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { ApiParams } from '../../shared/api';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { type ChannelRunnerHostOptions, type FakeRunner, createChannelRunnerHost } from '../testing/channel-runner-host';
import type { EngineOptions } from '../create-engine';
import { type TempEngine, createTempEngine } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';
import { TERM_GRACE_MS } from './stop-ladder';

// The supervisor's rules over in-memory runners (STYLE R7): a real engine and SQLite file, no process.

const engines: TempEngine[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(engines.splice(0).map((target) => target.dispose()));
});

function setUp(supervisor: EngineOptions['supervisor'] = {}, hostOptions: ChannelRunnerHostOptions = {}) {
  const host = createChannelRunnerHost(hostOptions);
  const target = createTempEngine({ host, supervisor: { stopGraceMs: 20, ...supervisor } });
  engines.push(target);
  const start = (params: Partial<ApiParams<'runs.start'>> = {}) =>
    target.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model: 'scripted/demo-counter', ...params }));
  return { host, target, start };
}

/** Plays one iteration the way the runner does: gate, start, done, checkpoint. */
async function playIteration(runner: FakeRunner, n: number, summary: string): Promise<void> {
  runner.send({ type: 'gate', iteration: n });
  const gate = await runner.next('gate_result');
  expect(gate).toMatchObject({ iteration: n, decision: 'go' });
  runner.send({ type: 'iteration_started', iteration: n, startedAt: new Date().toISOString() });
  runner.send({ type: 'usage', iteration: n, inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.01, model: 'scripted/demo-counter' });
  runner.send({ type: 'iteration_done', iteration: n, status: 'ok', summary, durationMs: 3 });
  runner.send({ type: 'checkpoint', iteration: n, messages: [{ role: 'assistant', content: summary }], replace: false });
}

/** Ends the fake process the way a runner ends cleanly: its `exit` message, then exit code 0. */
function exitWith(runner: FakeRunner, reason: string, iterations: number, detail?: string): void {
  runner.send({ type: 'exit', reason, iterations, ...(detail ? { detail } : {}) });
  runner.exit({ code: 0 });
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

  it('restarts a crashed run from its checkpoint under the same id, and stops restarting when maxRestarts is used up', async () => {
    const { host, target, start } = setUp({ backoff: { baseMs: 0, capMs: 0, jitterMs: 0 } });
    const run = await start({ loop: { restartPolicy: 'on-crash', maxRestarts: 1 } });
    const first = await host.nextRunner();
    await first.handshake();
    await playIteration(first, 1, 'step 1');
    first.exit({ signal: 'SIGKILL' });
    const second = await host.nextRunner();
    const init = await second.handshake();
    expect(init).toMatchObject({ runId: run.id, resume: { iteration: 1, messages: [{ role: 'assistant', content: 'step 1' }] } });
    second.exit({ code: 1 });
    const ended = await target.supervisor.finished(run.id);
    expect(ended).toMatchObject({ id: run.id, status: 'ended', stopReason: 'crash', iterations: 1 });
    expect(host.runners).toHaveLength(2);
    const { events } = await target.api['runs.events']({ id: run.id, afterSeq: 0, limit: 100 });
    const notices = events.filter((event) => event.kind === 'notice').map((event) => String(event.data.message));
    expect(notices).toEqual(['The runner crashed; restart 1 of 1 in 0 ms', 'The runner crashed and its 1 restarts are used up']);
  });

  it('does not restart a crashed run whose policy is none', async () => {
    const { host, target, start } = setUp({ backoff: { baseMs: 0, capMs: 0, jitterMs: 0 } });
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    runner.exit({ signal: 'SIGSEGV' });
    expect(await target.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'crash' });
    expect(host.runners).toHaveLength(1);
  });

  it('lets a stop beat a pending restart', async () => {
    const { host, target, start } = setUp({ backoff: { baseMs: 60_000, capMs: 60_000, jitterMs: 0 } });
    const run = await start({ loop: { restartPolicy: 'on-crash', maxRestarts: 3 } });
    const runner = await host.nextRunner();
    await runner.handshake();
    runner.exit({ signal: 'SIGKILL' });
    await waitUntil(async () => (await target.api['runs.get']({ id: run.id })).detail?.startsWith('Crashed; restarting in 60.0 s') ?? false, 'the restart to be planned');
    expect(target.supervisor.isLive(run.id)).toBe(true);
    expect(await target.api['runs.stop']({ id: run.id })).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
    expect(target.supervisor.isLive(run.id)).toBe(false);
    expect(host.runners).toHaveLength(1);
  });

  it('answers the gate with pause after a person asks, and records the pause the runner exits with', async () => {
    const { host, target, start } = setUp();
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    await playIteration(runner, 1, 'step 1');
    expect(await target.api['runs.pause']({ id: run.id })).toMatchObject({ detail: 'Pausing after the current iteration' });
    runner.send({ type: 'gate', iteration: 2 });
    expect(await runner.next('gate_result')).toMatchObject({ iteration: 2, decision: 'pause' });
    exitWith(runner, 'paused', 1);
    expect(await target.supervisor.finished(run.id)).toMatchObject({ status: 'paused', pauseReason: 'user', stopReason: null });
    expect(target.supervisor.pidOf(run.id)).toBeNull();
  });

  it('answers the gate with pause when the run has used its token budget', async () => {
    const { host, target, start } = setUp();
    const run = await start({ limits: { maxTokens: 15 } });
    const runner = await host.nextRunner();
    await runner.handshake();
    await playIteration(runner, 1, 'step 1');
    runner.send({ type: 'gate', iteration: 2 });
    expect(await runner.next('gate_result')).toMatchObject({ iteration: 2, decision: 'pause', reason: 'Used 15 of 15 tokens' });
    exitWith(runner, 'paused', 1);
    expect(await target.supervisor.finished(run.id)).toMatchObject({ status: 'paused', pauseReason: 'budget', detail: 'Used 15 of 15 tokens' });
  });

  it('puts a run in waiting_approval on a request and sends the person’s answer back to its runner', async () => {
    const { host, target, start } = setUp();
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    await waitUntil(async () => (await target.api['runs.get']({ id: run.id })).status === 'running', 'the run to be running');
    runner.send({ type: 'approval_request', requestId: 'req-1', iteration: 1, tool: 'bash', input: { command: 'npm test' }, summary: 'npm test', risk: 'medium' });
    await waitUntil(async () => (await target.api['runs.get']({ id: run.id })).status === 'waiting_approval', 'the run to wait for approval');
    await target.api['approvals.decide']({ id: 'req-1', decision: 'allow', scope: 'once' });
    expect(await runner.next('approval_result')).toMatchObject({ requestId: 'req-1', decision: 'allow', scope: 'once' });
    expect((await target.api['runs.get']({ id: run.id })).status).toBe('running');
  });

  it('cancels a pending approval when the run’s process ends', async () => {
    const { host, target, start } = setUp();
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    runner.send({ type: 'approval_request', requestId: 'req-2', iteration: 1, tool: 'bash', input: { command: 'rm -rf build' }, summary: 'rm -rf build', risk: 'high' });
    await waitUntil(async () => (await target.api['approvals.list']({ status: 'pending' })).length === 1, 'the request to be pending');
    runner.exit({ code: 1 });
    await target.supervisor.finished(run.id);
    expect(await target.api['approvals.list']({ status: 'pending' })).toEqual([]);
    expect(await target.api['approvals.list']({ runId: run.id, status: 'all' })).toMatchObject([{ id: 'req-2', status: 'cancelled' }]);
  });

  it('kills a runner that does not answer a liveness ping, recording a crash, detail unresponsive', async () => {
    const { host, target, start } = setUp({ liveness: { silenceMs: 30, pongTimeoutMs: 30 } });
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    await runner.next('ping');
    const ended = await target.supervisor.finished(run.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'crash' });
    expect(ended.detail).toContain('unresponsive');
    expect(runner.signals).toEqual(['SIGKILL']);
  });

  it('pauses every live run on shutdown, resumable later from its checkpoint', async () => {
    const { host, target, start } = setUp();
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    await playIteration(runner, 1, 'step 1');
    const pausing = target.supervisor.pauseAllForShutdown();
    await runner.next('stop');
    exitWith(runner, 'user_stop', 1);
    expect(await pausing).toMatchObject([{ id: run.id, status: 'paused', pauseReason: 'shutdown', stopReason: null }]);
    await target.api['runs.resume']({ id: run.id });
    const resumed = await host.nextRunner();
    expect(await resumed.handshake()).toMatchObject({ resume: { iteration: 1 } });
    resumed.exit({ code: 0 });
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
