import { afterEach, describe, expect, it } from 'vitest';
import { createChannelEngine, exitWith, playIteration } from '../testing/channel-engine';
import type { TempEngine } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';

// The supervisor's run policies over in-memory runners (STYLE R7): crash restarts, the gate, approvals,
// liveness, the shutdown pause. A real engine and SQLite file, no process.

const engines: TempEngine[] = [];

afterEach(async () => {
  await Promise.all(engines.splice(0).map((target) => target.dispose()));
});

function setUp(...args: Parameters<typeof createChannelEngine>): ReturnType<typeof createChannelEngine> {
  const created = createChannelEngine(...args);
  engines.push(created.target);
  return created;
}

describe('the supervisor’s run policies over in-memory runners', () => {
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
    await waitUntil(
      async () => (await target.api['runs.get']({ id: run.id })).detail?.startsWith('Crashed; restarting in 60.0 s') ?? false,
      'the restart to be planned',
    );
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

  it('stops after the current iteration when asked: the iteration finishes, and the next gate ends the run as user_stop', async () => {
    const { host, target, start } = setUp();
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    runner.send({ type: 'gate', iteration: 1 });
    expect(await runner.next('gate_result')).toMatchObject({ iteration: 1, decision: 'go' });
    runner.send({ type: 'iteration_started', iteration: 1, startedAt: new Date().toISOString() });
    const asked = await target.api['runs.stop']({ id: run.id, after: 'iteration' });
    expect(asked).toMatchObject({ status: 'running', detail: 'Stopping after the current iteration' });
    runner.send({ type: 'iteration_done', iteration: 1, status: 'ok', summary: 'step 1', durationMs: 3 });
    runner.send({ type: 'gate', iteration: 2 });
    expect(await runner.next('stop')).toEqual({ type: 'stop', reason: 'user_stop' });
    expect(runner.received.filter((message) => message.type === 'gate_result')).toHaveLength(1);
    exitWith(runner, 'user_stop', 1);
    const ended = await target.supervisor.finished(run.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'user_stop', iterations: 1, detail: 'Stopped after iteration 1, as asked' });
    const [iteration] = await target.api['runs.iterations']({ id: run.id });
    expect(iteration).toMatchObject({ n: 1, status: 'ok', summary: 'step 1' });
  });

  it('stops a paused run at once when asked to stop after the iteration: it has no iteration in flight', async () => {
    const { host, target, start } = setUp();
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    exitWith(runner, 'paused', 0);
    expect(await target.supervisor.finished(run.id)).toMatchObject({ status: 'paused' });
    expect(await target.api['runs.stop']({ id: run.id, after: 'iteration' })).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
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
    runner.send({
      type: 'approval_request',
      requestId: 'req-1',
      iteration: 1,
      tool: 'bash',
      input: { command: 'npm test' },
      summary: 'npm test',
      risk: 'medium',
    });
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
    runner.send({
      type: 'approval_request',
      requestId: 'req-2',
      iteration: 1,
      tool: 'bash',
      input: { command: 'rm -rf build' },
      summary: 'rm -rf build',
      risk: 'high',
    });
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
});
