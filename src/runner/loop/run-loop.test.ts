import type { LanguageModelV3, LanguageModelV3Prompt } from '@ai-sdk/provider';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import type { MessageChannelLike } from '../../shared/channel';
import { type InitMessage, PROTOCOL_VERSION, RunnerMessage, type RunnerMessageOf, type SupervisorMessage } from '../../shared/protocol';
import { DEFAULT_LOOP_OPTIONS, DEFAULT_PERMISSIONS, type LoopOptions } from '../../shared/records';
import { ScriptedScript } from '../../shared/scripted-script';
import { createChannelPair } from '../../shared/testing/channel-pair';
import { createScriptedModel } from '../agent/scripted-model';
import { createSupervisorLink } from '../supervisor-link';
import { builtinTools } from '../tools/builtin-tools';
import { type LoopOutcome, runLoop, waitAfter } from './run-loop';

type GateDecision = Readonly<{ decision: 'go' } | { decision: 'pause'; reason?: string }>;

/** A supervisor written for the test: answers every gate as `decide` says (null: no answer yet) and records what the runner sends. */
function fakeSupervisor(channel: MessageChannelLike, decide: (iteration: number) => GateDecision | null) {
  const received: RunnerMessage[] = [];
  const invalid: unknown[] = [];
  const waiters: Array<{ test: (message: RunnerMessage) => boolean; resolve: () => void }> = [];
  channel.onMessage((raw) => {
    const parsed = RunnerMessage.safeParse(raw);
    if (!parsed.success) return void invalid.push(raw);
    const message = parsed.data;
    received.push(message);
    const decision = message.type === 'gate' ? decide(message.iteration) : null;
    if (message.type === 'gate' && decision) {
      channel.send({ type: 'gate_result', iteration: message.iteration, ...decision, remaining: {} } satisfies SupervisorMessage);
    }
    for (const waiter of waiters.filter((candidate) => candidate.test(message))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  const ofType = <T extends RunnerMessage['type']>(type: T): Array<RunnerMessageOf<T>> =>
    received.filter((message): message is RunnerMessageOf<T> => message.type === type);
  return {
    received,
    invalid,
    ofType,
    send: (message: SupervisorMessage) => channel.send(message),
    /** Resolves once a matching message has arrived, or at once if one already has. */
    waitFor: (test: (message: RunnerMessage) => boolean) =>
      new Promise<void>((resolve) => (received.some(test) ? resolve() : waiters.push({ resolve, test }))),
  };
}

function initMessage(overrides: Partial<InitMessage> = {}, loop: Partial<LoopOptions> = {}): InitMessage {
  return {
    type: 'init',
    protocol: PROTOCOL_VERSION,
    runId: 'run-loop-test',
    name: 'Loop test',
    template: { text: '# Fix the tests\n\nFix one failing test per iteration.', revision: 'r1' },
    params: { target: 'src/parser' },
    workdir: '/tmp/work',
    outputDir: '/tmp/out',
    model: { provider: 'scripted', id: 'loop.json', options: {} },
    secrets: {},
    limits: {},
    permissions: DEFAULT_PERMISSIONS,
    loop: { ...DEFAULT_LOOP_OPTIONS, ...loop },
    ...overrides,
  };
}

/** The scripted model, with every prompt it was given, as the provider saw it. */
function observedModel(script: z.input<typeof ScriptedScript>) {
  const model = createScriptedModel(ScriptedScript.parse(script), 'loop.json');
  const prompts: LanguageModelV3Prompt[] = [];
  const observed: LanguageModelV3 = {
    ...model,
    doGenerate: (options) => model.doGenerate(options),
    doStream: (options) => {
      prompts.push(options.prompt);
      return model.doStream(options);
    },
  };
  return { model: observed, prompts, calls: () => model.calls() };
}

type Setup = Readonly<{
  script: z.input<typeof ScriptedScript>;
  init?: InitMessage;
  decide?: (iteration: number) => GateDecision | null;
  now?: () => number;
}>;

/** A runner (link + loop) wired to the fake supervisor over an in-memory channel; the supervisor sends init first. */
async function startLoop(setup: Setup) {
  const [runnerChannel, supervisorChannel] = createChannelPair();
  const supervisor = fakeSupervisor(supervisorChannel, setup.decide ?? (() => ({ decision: 'go' })));
  const link = createSupervisorLink(runnerChannel, () => undefined);
  const { model, prompts, calls } = observedModel(setup.script);
  supervisor.send(setup.init ?? initMessage());
  const init = await link.init;
  if (!init) throw new Error('the link got no init');
  const outcome: Promise<LoopOutcome> = runLoop({ init, link, model, tools: builtinTools(), ...(setup.now ? { now: setup.now } : {}) });
  return { supervisor, link, outcome, prompts, calls };
}

const report = (summary: string) => ({ toolCalls: [{ tool: 'report', input: { summary } }] });
const complete = (reason: string) => ({ toolCalls: [{ tool: 'complete', input: { reason } }] });
const distinctTexts = { responses: [{ text: 'Step one.' }, { text: 'Step two.' }, { text: 'Step three.' }, { text: 'Step four.' }], whenExhausted: 'loop' as const };

afterEach(() => {
  vi.useRealTimers();
});

describe('runLoop', () => {
  it('numbers iterations from 1 and asks the gate before each', async () => {
    const { supervisor, outcome } = await startLoop({ script: distinctTexts, init: initMessage({ limits: { maxIterations: 3 } }) });
    expect(await outcome).toEqual({ reason: 'iteration_limit', detail: expect.stringContaining('3 of 3'), iterations: 3 });
    expect(supervisor.ofType('gate').map((message) => message.iteration)).toEqual([1, 2, 3]);
    expect(supervisor.ofType('iteration_started').map((message) => message.iteration)).toEqual([1, 2, 3]);
    expect(supervisor.ofType('iteration_done').map((message) => [message.iteration, message.status, message.summary])).toEqual([
      [1, 'ok', 'Step one.'],
      [2, 'ok', 'Step two.'],
      [3, 'ok', 'Step three.'],
    ]);
  });

  it('sends gate, iteration_started, iteration_done and checkpoint in that order, checkpoint right after iteration_done', async () => {
    const { supervisor, outcome } = await startLoop({ script: distinctTexts, init: initMessage({ limits: { maxIterations: 2 } }) });
    await outcome;
    const lifecycle = supervisor.received
      .filter((message) => ['gate', 'iteration_started', 'iteration_done', 'checkpoint'].includes(message.type))
      .map((message) => `${message.type}:${'iteration' in message ? message.iteration : ''}`);
    expect(lifecycle).toEqual([
      'gate:1',
      'iteration_started:1',
      'iteration_done:1',
      'checkpoint:1',
      'gate:2',
      'iteration_started:2',
      'iteration_done:2',
      'checkpoint:2',
    ]);
    supervisor.received.forEach((message, index) => {
      if (message.type === 'iteration_done') expect(supervisor.received[index + 1]?.type).toBe('checkpoint');
    });
  });

  it('checkpoints the messages each iteration added, starting with its prompt', async () => {
    const { supervisor, outcome } = await startLoop({ script: distinctTexts, init: initMessage({ limits: { maxIterations: 2 } }) });
    await outcome;
    const [first, second] = supervisor.ofType('checkpoint');
    expect(first?.replace).toBe(false);
    expect(first?.messages[0]).toMatchObject({ role: 'user', content: expect.stringMatching(/^Begin the program\./) });
    expect(first?.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(second?.messages[0]).toEqual({ role: 'user', content: 'Continue with the next iteration of the program.' });
  });

  it('sends only valid protocol messages', async () => {
    const { supervisor, outcome } = await startLoop({
      script: { responses: [{ reasoning: 'Hmm.', text: 'Looking.', ...report('Looked.') }, { text: 'Done.' }, complete('all green')] },
    });
    await outcome;
    expect(supervisor.invalid).toEqual([]);
    expect(supervisor.received.length).toBeGreaterThan(5);
  });

  it('stops as completed when the agent calls complete, and asks no further gate', async () => {
    const { supervisor, outcome, calls } = await startLoop({
      script: { responses: [{ text: 'Working.' }, { text: 'Nearly there.' }, complete('all tests pass'), { text: 'Never played.' }] },
    });
    expect(await outcome).toEqual({ reason: 'completed', detail: 'all tests pass', iterations: 3 });
    expect(supervisor.ofType('gate').map((message) => message.iteration)).toEqual([1, 2, 3]);
    expect(calls()).toBe(3);
  });

  it('stops at maxIterations', async () => {
    const { outcome, calls } = await startLoop({ script: distinctTexts, init: initMessage({ limits: { maxIterations: 1 } }) });
    expect(await outcome).toMatchObject({ reason: 'iteration_limit', iterations: 1 });
    expect(calls()).toBe(1);
  });

  it('stops at maxDurationMs by its clock', async () => {
    let clock = 0;
    const { outcome } = await startLoop({
      script: distinctTexts,
      init: initMessage({ limits: { maxDurationMs: 100_000 } }),
      decide: () => {
        clock += 60_000;
        return { decision: 'go' };
      },
      now: () => clock,
    });
    expect(await outcome).toMatchObject({ reason: 'time_limit', iterations: 2 });
  });

  it('stops for stagnation after the same summary three times in a row', async () => {
    const { outcome, supervisor } = await startLoop({ script: { responses: [{ text: 'Fixed test.' }] } });
    expect(await outcome).toMatchObject({ reason: 'stagnation', iterations: 3 });
    expect(supervisor.ofType('iteration_done').map((message) => message.summary)).toEqual(['Fixed test.', 'Fixed test.', 'Fixed test.']);
  });

  it('stops at the failure limit after three provider errors with the same status', async () => {
    const { outcome, supervisor } = await startLoop({
      script: { responses: [{ error: { status: 529, message: 'overloaded' } }] },
      init: initMessage({}, { errorPauseMs: 0 }),
    });
    expect(await outcome).toMatchObject({ reason: 'failure_limit', iterations: 3 });
    expect(supervisor.ofType('iteration_done').map((message) => [message.status, message.failure?.kind, message.failure?.status])).toEqual([
      ['error', 'provider_error', 529],
      ['error', 'provider_error', 529],
      ['error', 'provider_error', 529],
    ]);
  });

  it('waits errorPauseMs more after a failed iteration', async () => {
    vi.useFakeTimers();
    const { outcome, supervisor } = await startLoop({
      script: { responses: [{ error: { status: 529, message: 'overloaded' } }, complete('done')] },
      init: initMessage({}, { intervalMs: 1_000, errorPauseMs: 10_000 }),
    });
    await supervisor.waitFor((message) => message.type === 'checkpoint');
    await vi.advanceTimersByTimeAsync(10_999);
    expect(supervisor.ofType('gate')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ reason: 'completed', iterations: 2 });
  });

  it('waits intervalMs between iterations', async () => {
    vi.useFakeTimers();
    const { outcome, supervisor } = await startLoop({
      script: { responses: [{ text: 'Step one.' }, complete('done')] },
      init: initMessage({}, { intervalMs: 30_000 }),
    });
    await supervisor.waitFor((message) => message.type === 'checkpoint');
    await vi.advanceTimersByTimeAsync(29_999);
    expect(supervisor.ofType('gate')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ reason: 'completed', iterations: 2 });
  });

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

  it('continues a resumed run at the next iteration with the continue prompt and the earlier conversation', async () => {
    const earlier = [
      { role: 'user', content: 'Begin the program.' },
      { role: 'assistant', content: [{ type: 'text', text: 'Fixed the first test.' }] },
    ];
    const { outcome, supervisor, prompts } = await startLoop({
      script: { responses: [complete('all green')] },
      init: initMessage({ resume: { iteration: 4, messages: earlier } }),
    });
    expect(await outcome).toEqual({ reason: 'completed', detail: 'all green', iterations: 5 });
    expect(supervisor.ofType('gate').map((message) => message.iteration)).toEqual([5]);
    expect(supervisor.ofType('iteration_started').map((message) => message.iteration)).toEqual([5]);
    expect(supervisor.ofType('checkpoint')[0]?.messages[0]).toEqual({ role: 'user', content: 'Continue with the next iteration of the program.' });
    const prompt = prompts[0] ?? [];
    expect(prompt[0]).toMatchObject({ role: 'system', content: expect.stringContaining('This is iteration 5.') });
    expect(prompt.slice(1).map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(prompt[3]).toMatchObject({ role: 'user', content: [{ type: 'text', text: 'Continue with the next iteration of the program.' }] });
  });

  it('does not start a resumed run that already reached maxIterations', async () => {
    const { outcome, supervisor, calls } = await startLoop({
      script: distinctTexts,
      init: initMessage({ limits: { maxIterations: 4 }, resume: { iteration: 4, messages: [] } }),
    });
    expect(await outcome).toMatchObject({ reason: 'iteration_limit', iterations: 4 });
    expect(supervisor.ofType('gate')).toEqual([]);
    expect(calls()).toBe(0);
  });

  it('keeps the conversation across iterations', async () => {
    const { outcome, prompts } = await startLoop({
      script: { responses: [{ text: 'Step one.' }, complete('done')] },
    });
    await outcome;
    expect(prompts).toHaveLength(2);
    expect(prompts[1]?.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(prompts[1]?.[2]).toMatchObject({ role: 'assistant', content: [{ type: 'text', text: 'Step one.' }] });
  });

  it('uses the report summary for iteration_done', async () => {
    const { outcome, supervisor } = await startLoop({
      script: { responses: [{ text: 'Working.', ...report('Fixed test_parse.') }, { text: 'Ok.' }, complete('done')] },
    });
    await outcome;
    expect(supervisor.ofType('iteration_done')[0]).toMatchObject({ iteration: 1, status: 'ok', summary: 'Fixed test_parse.' });
  });

  it('replaces the stored conversation with the compacted one in its checkpoint', async () => {
    const longAnswer = (n: number) => ({ role: 'assistant', content: `Iteration ${n}: ${'details '.repeat(400)}` });
    const history = [1, 2, 3, 4].flatMap((n) => [{ role: 'user', content: `Continue with iteration ${n}.` }, longAnswer(n)]);
    const { supervisor, outcome } = await startLoop({
      script: { responses: [{ text: 'Summary: four iterations of details.' }, complete('done')] },
      init: initMessage({ model: { provider: 'scripted', id: 'loop.json', options: { contextWindow: 2_000 } }, resume: { iteration: 4, messages: history } }),
    });
    expect(await outcome).toMatchObject({ reason: 'completed', iterations: 5 });
    const [checkpoint] = supervisor.ofType('checkpoint');
    expect(checkpoint).toMatchObject({ iteration: 5, replace: true });
    expect(String(checkpoint?.messages[0]?.content)).toContain('Summary: four iterations of details.');
    expect(supervisor.ofType('event').some((event) => event.kind === 'notice' && String(event.data.message).includes('compacted'))).toBe(true);
  });
});

describe('waitAfter', () => {
  const options: LoopOptions = { ...DEFAULT_LOOP_OPTIONS, intervalMs: 2_000, errorPauseMs: 10_000 };
  const circuitOpen = (retryAfterMs?: number) => ({
    status: 'error',
    failure: { kind: 'circuit_open' as const, signature: 'circuit_open:anthropic', message: 'circuit open', ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
  });

  it('waits the interval after a successful iteration', () => {
    expect(waitAfter({ status: 'ok' }, options)).toBe(2_000);
  });

  it('waits the interval plus errorPauseMs after a failed iteration', () => {
    expect(waitAfter({ status: 'error', failure: { kind: 'provider_error', signature: 'p:529', message: 'overloaded' } }, options)).toBe(12_000);
  });

  it('waits out an open circuit: its cooldown plus a second', () => {
    expect(waitAfter(circuitOpen(120_000), options)).toBe(121_000);
  });

  it('waits at most five minutes for an open circuit', () => {
    expect(waitAfter(circuitOpen(1_000_000), options)).toBe(300_000);
  });

  it('waits at least the interval for an open circuit', () => {
    expect(waitAfter(circuitOpen(500), options)).toBe(2_000);
    expect(waitAfter(circuitOpen(), options)).toBe(2_000);
  });
});
