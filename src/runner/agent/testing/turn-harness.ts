import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelSpec, RunnerMessage, RunnerMessageOf } from '../../../shared/protocol';
import { builtinTools } from '../../tools/builtin-tools';
import { type CircuitBreaker, createCircuitBreaker } from '../circuit-breaker';
import { loadModel, modelNameOf } from '../load-model';
import type { Resilience, Sleep } from '../resilient-model';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry-policy';
import { type TurnInput, type TurnResult, runTurn } from '../run-turn';

export type HarnessOptions = Readonly<{
  breaker?: CircuitBreaker;
  policy?: Partial<RetryPolicy>;
  sleep?: Sleep;
  turn?: Partial<TurnInput>;
}>;

/** One turn against a real provider adapter (loaded with `loadModel`), the real built-in tools and an allow-all gate. */
export async function turnAgainst(spec: ModelSpec, secrets: Readonly<Record<string, string>>, options: HarnessOptions = {}) {
  const model = await loadModel(spec, secrets);
  const waits: number[] = [];
  const emitted: RunnerMessage[] = [];
  const workdir = mkdtempSync(join(tmpdir(), 'autoloop-provider-work-'));
  const provider = typeof spec.options.providerName === 'string' ? spec.options.providerName : spec.provider;
  const resilience: Resilience = {
    provider,
    breaker: options.breaker ?? createCircuitBreaker(),
    policy: { ...DEFAULT_RETRY_POLICY, ...options.policy },
    sleep: options.sleep ?? (async (ms) => void waits.push(ms)),
  };
  const result: TurnResult = await runTurn({
    model,
    modelName: modelNameOf(spec),
    resilience,
    system: 'You are a test agent.',
    history: [],
    prompt: 'Begin the program.',
    tools: builtinTools(),
    iteration: 1,
    workdir,
    outputDir: workdir,
    maxSteps: 10,
    repeatedToolCallLimit: 3,
    gate: { check: async () => ({ allowed: true }), ruleNamesHost: () => false, isReadDenied: () => false },
    signal: new AbortController().signal,
    emit: (message) => void emitted.push(message),
    ...options.turn,
  });
  const events = emitted.filter((message): message is RunnerMessageOf<'event'> => message.type === 'event');
  return {
    result,
    waits,
    workdir,
    events,
    usages: emitted.filter((message): message is RunnerMessageOf<'usage'> => message.type === 'usage'),
    texts: events.filter((event) => event.kind === 'text').map((event) => String(event.data.text)),
    notices: events.filter((event) => event.kind === 'notice').map((event) => String(event.data.message)),
  };
}
