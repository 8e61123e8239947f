import type { LanguageModelV3, LanguageModelV3Prompt } from '@ai-sdk/provider';
import type { z } from 'zod';
import type { MessageChannelLike } from '../../../shared/channel';
import { type InitMessage, PROTOCOL_VERSION, RunnerMessage, type RunnerMessageOf, type SupervisorMessage } from '../../../shared/protocol';
import { DEFAULT_LOOP_OPTIONS, DEFAULT_PERMISSIONS, type LoopOptions } from '../../../shared/records';
import { ScriptedScript } from '../../../shared/scripted-script';
import { createChannelPair } from '../../../shared/testing/channel-pair';
import { createScriptedModel } from '../../agent/scripted-model';
import { createSupervisorLink } from '../../supervisor-link';
import { builtinTools } from '../../tools/builtin-tools';
import { type LoopOutcome, runLoop } from '../run-loop';

// A runner (supervisor link + loop) against a supervisor written for the test, over an in-memory channel.

export type GateDecision = Readonly<{ decision: 'go' } | { decision: 'pause'; reason?: string }>;

/** A supervisor written for the test: answers every gate as `decide` says (null: no answer yet) and records what the runner sends. */
export function fakeSupervisor(channel: MessageChannelLike, decide: (iteration: number) => GateDecision | null) {
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
    waitFor: (test: (message: RunnerMessage) => boolean) => new Promise<void>((resolve) => (received.some(test) ? resolve() : waiters.push({ resolve, test }))),
  };
}

export function initMessage(overrides: Partial<InitMessage> = {}, loop: Partial<LoopOptions> = {}): InitMessage {
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
export function observedModel(script: z.input<typeof ScriptedScript>) {
  const model = createScriptedModel(ScriptedScript.parse(script), 'loop.json');
  const prompts: LanguageModelV3Prompt[] = [];
  const observed: LanguageModelV3 = {
    ...model,
    doGenerate: (options) => model.doGenerate(options),
    doStream: (options) => {
      // A copy: the runner reuses the scripted model's prompt array from call to call.
      prompts.push([...options.prompt]);
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
export async function startLoop(setup: Setup) {
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

export const report = (summary: string) => ({ toolCalls: [{ tool: 'report', input: { summary } }] });
export const complete = (reason: string) => ({ toolCalls: [{ tool: 'complete', input: { reason } }] });
export const distinctTexts = {
  responses: [{ text: 'Step one.' }, { text: 'Step two.' }, { text: 'Step three.' }, { text: 'Step four.' }],
  whenExhausted: 'loop' as const,
};
