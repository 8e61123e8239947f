import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, RunnerMessage, SupervisorMessage } from './protocol';
import { DEFAULT_LOOP_OPTIONS, DEFAULT_PERMISSIONS } from './records';

const validInit = {
  type: 'init',
  protocol: PROTOCOL_VERSION,
  runId: 'run-1',
  name: 'Fix the tests',
  template: { text: '# Fix the tests', revision: 'r1' },
  params: { target: 'src' },
  workdir: '/tmp/work',
  outputDir: '/tmp/out',
  model: { provider: 'scripted', id: 'script.json' },
  secrets: {},
  limits: { maxIterations: 10 },
  permissions: DEFAULT_PERMISSIONS,
  loop: DEFAULT_LOOP_OPTIONS,
};

const validSupervisorMessages: ReadonlyArray<Record<string, unknown>> = [
  validInit,
  { ...validInit, resume: { iteration: 4, messages: [{ role: 'user', content: 'Begin the program.' }] } },
  { type: 'gate_result', iteration: 1, decision: 'go', remaining: { tokens: 1000, costUsd: 0.5 } },
  { type: 'gate_result', iteration: 2, decision: 'pause', reason: 'budget' },
  { type: 'approval_result', requestId: 'req-1', decision: 'allow', scope: 'run' },
  { type: 'approval_result', requestId: 'req-2', decision: 'deny' },
  { type: 'stop', reason: 'user_stop' },
  { type: 'ping', nonce: 'n-1' },
];

const validRunnerMessages: ReadonlyArray<Record<string, unknown>> = [
  { type: 'ready', pid: 1234, protocol: PROTOCOL_VERSION },
  { type: 'gate', iteration: 1 },
  { type: 'iteration_started', iteration: 1, startedAt: '2025-01-01T00:00:00.000Z' },
  { type: 'event', iteration: 1, kind: 'text', data: { text: 'Hello' } },
  { type: 'event', iteration: 0, kind: 'notice', data: { message: 'before the first iteration' } },
  {
    type: 'usage',
    iteration: 1,
    inputTokens: 1200,
    outputTokens: 40,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: null,
    model: 'scripted/script.json',
  },
  {
    type: 'approval_request',
    requestId: 'req-1',
    iteration: 1,
    tool: 'bash',
    input: { command: 'npm test' },
    summary: 'bash: npm test',
    risk: 'medium',
  },
  { type: 'iteration_done', iteration: 1, status: 'ok', summary: 'Fixed test_parse.', durationMs: 1500 },
  {
    type: 'iteration_done',
    iteration: 2,
    status: 'error',
    summary: 'Failed: overloaded',
    durationMs: 20,
    failure: { kind: 'provider_error', signature: 'provider_error:scripted:529', message: 'overloaded', status: 529, provider: 'scripted' },
  },
  { type: 'checkpoint', iteration: 1, messages: [{ role: 'assistant', content: 'Done.' }] },
  { type: 'checkpoint', iteration: 3, messages: [], replace: true },
  { type: 'exit', reason: 'completed', iterations: 3 },
  { type: 'exit', reason: 'paused', detail: 'budget', iterations: 2 },
  { type: 'pong', nonce: 'n-1' },
  { type: 'process_group', pgid: 4321, alive: true },
];

describe('SupervisorMessage', () => {
  it.each(validSupervisorMessages.map((message) => [message.type, message] as const))('accepts a valid %s message', (_type, message) => {
    expect(SupervisorMessage.safeParse(message).success).toBe(true);
  });

  it('covers every supervisor message type with a valid sample', () => {
    const types = new Set(validSupervisorMessages.map((message) => message.type));
    expect(types).toEqual(new Set(SupervisorMessage.options.map((option) => option.shape.type.value)));
  });

  it('gives a gate_result without remaining an empty remaining', () => {
    const parsed = SupervisorMessage.parse({ type: 'gate_result', iteration: 1, decision: 'go' });
    expect(parsed).toMatchObject({ remaining: {} });
  });

  it('gives an init model without options empty options', () => {
    const parsed = SupervisorMessage.parse(validInit);
    expect(parsed).toMatchObject({ model: { provider: 'scripted', id: 'script.json', options: {} } });
  });

  it.each([
    ['an unknown type', { type: 'launch_missiles' }],
    ['no type', { reason: 'user_stop' }],
    ['a runner message', { type: 'pong', nonce: 'n-1' }],
    ['init with another protocol version', { ...validInit, protocol: PROTOCOL_VERSION + 1 }],
    ['init without a runId', { ...validInit, runId: undefined }],
    ['init with an empty workdir', { ...validInit, workdir: '' }],
    ['init with a resume at a negative iteration', { ...validInit, resume: { iteration: -1, messages: [] } }],
    ['init with an unknown limit', { ...validInit, limits: { maxIterations: 3, maxPizzas: 2 } }],
    ['init with a loop option missing', { ...validInit, loop: { ...DEFAULT_LOOP_OPTIONS, intervalMs: undefined } }],
    ['gate_result at iteration 0', { type: 'gate_result', iteration: 0, decision: 'go' }],
    ['gate_result at a negative iteration', { type: 'gate_result', iteration: -2, decision: 'go' }],
    ['gate_result at a fractional iteration', { type: 'gate_result', iteration: 1.5, decision: 'go' }],
    ['gate_result with an unknown decision', { type: 'gate_result', iteration: 1, decision: 'maybe' }],
    ['approval_result with an unknown scope', { type: 'approval_result', requestId: 'r', decision: 'allow', scope: 'forever' }],
    ['approval_result without a requestId', { type: 'approval_result', decision: 'allow' }],
    ['stop with an unknown reason', { type: 'stop', reason: 'bored' }],
    ['stop with reason paused, which is no stop reason', { type: 'stop', reason: 'paused' }],
    ['ping without a nonce', { type: 'ping' }],
    ['a string', 'stop'],
    ['null', null],
  ])('rejects %s', (_what, message) => {
    expect(SupervisorMessage.safeParse(message).success).toBe(false);
  });
});

describe('RunnerMessage', () => {
  it.each(validRunnerMessages.map((message) => [message.type, message] as const))('accepts a valid %s message', (_type, message) => {
    expect(RunnerMessage.safeParse(message).success).toBe(true);
  });

  it('covers every runner message type with a valid sample', () => {
    const types = new Set(validRunnerMessages.map((message) => message.type));
    expect(types).toEqual(new Set(RunnerMessage.options.map((option) => option.shape.type.value)));
  });

  it('reads a checkpoint without replace as an append (replace false)', () => {
    const parsed = RunnerMessage.parse({ type: 'checkpoint', iteration: 1, messages: [] });
    expect(parsed).toEqual({ type: 'checkpoint', iteration: 1, messages: [], replace: false });
  });

  it('keeps replace true on a checkpoint that says so', () => {
    expect(RunnerMessage.parse({ type: 'checkpoint', iteration: 1, messages: [], replace: true })).toMatchObject({ replace: true });
  });

  it.each([
    ['an unknown type', { type: 'hello', iteration: 1 }],
    ['a supervisor message', { type: 'ping', nonce: 'n' }],
    ['ready with another protocol version', { type: 'ready', pid: 1, protocol: 2 }],
    ['ready without a pid', { type: 'ready', protocol: PROTOCOL_VERSION }],
    ['gate at a negative iteration', { type: 'gate', iteration: -1 }],
    ['gate at iteration 0', { type: 'gate', iteration: 0 }],
    ['iteration_started without startedAt', { type: 'iteration_started', iteration: 1 }],
    ['event at a negative iteration', { type: 'event', iteration: -1, kind: 'text', data: {} }],
    ['event with an unknown kind', { type: 'event', iteration: 1, kind: 'shout', data: {} }],
    ['event whose data is not an object', { type: 'event', iteration: 1, kind: 'text', data: 'hi' }],
    [
      'usage with negative tokens',
      { type: 'usage', iteration: 1, inputTokens: -1, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: null, model: 'm' },
    ],
    ['usage without costUsd', { type: 'usage', iteration: 1, inputTokens: 1, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, model: 'm' }],
    [
      'approval_request with an unknown risk',
      { type: 'approval_request', requestId: 'r', iteration: 1, tool: 'bash', input: {}, summary: 's', risk: 'extreme' },
    ],
    ['iteration_done with an unknown status', { type: 'iteration_done', iteration: 1, status: 'meh', summary: '', durationMs: 0 }],
    ['iteration_done without a summary', { type: 'iteration_done', iteration: 1, status: 'ok', durationMs: 0 }],
    ['iteration_done with a negative duration', { type: 'iteration_done', iteration: 1, status: 'ok', summary: '', durationMs: -5 }],
    [
      'iteration_done with an unknown failure kind',
      { type: 'iteration_done', iteration: 1, status: 'error', summary: '', durationMs: 0, failure: { kind: 'gremlins', signature: 's', message: 'm' } },
    ],
    ['checkpoint without messages', { type: 'checkpoint', iteration: 1 }],
    ['exit with an unknown reason', { type: 'exit', reason: 'tired', iterations: 1 }],
    ['exit with negative iterations', { type: 'exit', reason: 'completed', iterations: -1 }],
    ['pong without a nonce', { type: 'pong' }],
  ])('rejects %s', (_what, message) => {
    expect(RunnerMessage.safeParse(message).success).toBe(false);
  });
});
