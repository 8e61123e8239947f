import { describe, expect, it } from 'vitest';
import { createChannelPair } from '../../shared/testing/channel-pair';
import { createSupervisorLink } from '../supervisor-link';
import { builtinTools } from '../tools/builtin-tools';
import { runLoop } from './run-loop';
import { fakeSupervisor, initMessage, observedModel, startLoop, distinctTexts } from './testing/loop-harness';

describe('runLoop', () => {
  it('returns paused with the reason when the gate answers pause', async () => {
    const { outcome, supervisor, calls } = await startLoop({
      script: distinctTexts,
      decide: (iteration) => (iteration < 2 ? { decision: 'go' } : { decision: 'pause', reason: 'budget' }),
    });
    expect(await outcome).toEqual({ reason: 'paused', detail: 'budget', iterations: 1 });
    expect(supervisor.ofType('iteration_started').map((message) => message.iteration)).toEqual([1]);
    expect(calls()).toBe(1);
  });

  it('ends promptly when stop arrives during the interval wait', async () => {
    const { outcome, supervisor } = await startLoop({ script: distinctTexts, init: initMessage({}, { intervalMs: 3_600_000 }) });
    await supervisor.waitFor((message) => message.type === 'iteration_done');
    supervisor.send({ type: 'stop', reason: 'user_stop' });
    expect(await outcome).toEqual({ reason: 'user_stop', iterations: 1 });
    expect(supervisor.ofType('gate')).toHaveLength(1);
  });

  it('ends promptly when stop arrives during a model call, leaving the cut-short iteration unreported', async () => {
    const { outcome, supervisor } = await startLoop({ script: { responses: [{ delayMs: 3_600_000, text: 'Too late.' }] } });
    await supervisor.waitFor((message) => message.type === 'iteration_started');
    supervisor.send({ type: 'stop', reason: 'user_stop' });
    // Not finished, so not counted: the engine marks it interrupted and a resume runs it again.
    expect(await outcome).toEqual({ reason: 'user_stop', iterations: 0 });
    expect(supervisor.ofType('iteration_done')).toEqual([]);
    expect(supervisor.ofType('checkpoint')).toEqual([]);
  });

  it('ends without an iteration when stop arrived before the loop began', async () => {
    const [runnerChannel, supervisorChannel] = createChannelPair();
    const supervisor = fakeSupervisor(supervisorChannel, () => ({ decision: 'go' }));
    const link = createSupervisorLink(runnerChannel, () => undefined);
    supervisor.send({ type: 'stop', reason: 'user_stop' });
    supervisor.send(initMessage());
    const init = await link.init;
    if (!init) throw new Error('the link got no init');
    const { model, calls } = observedModel(distinctTexts);
    expect(await runLoop({ init, link, model, tools: builtinTools() })).toEqual({ reason: 'user_stop', iterations: 0 });
    expect(supervisor.ofType('gate')).toEqual([]);
    expect(calls()).toBe(0);
  });

  it('ends when stop arrives while it waits for the gate', async () => {
    const { outcome, supervisor, calls } = await startLoop({ script: distinctTexts, decide: () => null });
    await supervisor.waitFor((message) => message.type === 'gate');
    supervisor.send({ type: 'stop', reason: 'time_limit' });
    expect(await outcome).toEqual({ reason: 'time_limit', iterations: 0 });
    expect(supervisor.ofType('iteration_started')).toEqual([]);
    expect(calls()).toBe(0);
  });
});
