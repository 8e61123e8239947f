import { expect } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { ApiParams } from '../../shared/api';
import type { EngineOptions } from '../create-engine';
import { type ChannelRunnerHostOptions, type FakeRunner, createChannelRunnerHost } from './channel-runner-host';
import { createTempEngine } from './temp-engine';

/**
 * A real engine (temp folder, SQLite file) whose runners are in-memory (STYLE R7), for the
 * supervisor's rules without a process. The stop grace is short; the caller disposes `target`.
 */
export function createChannelEngine(supervisor: EngineOptions['supervisor'] = {}, hostOptions: ChannelRunnerHostOptions = {}) {
  const host = createChannelRunnerHost(hostOptions);
  const target = createTempEngine({ host, supervisor: { stopGraceMs: 20, ...supervisor } });
  const start = (params: Partial<ApiParams<'runs.start'>> = {}) =>
    target.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model: 'scripted/demo-counter', ...params }));
  return { host, target, start };
}

/** Plays one iteration the way the runner does: gate, start, usage, done, checkpoint. */
export async function playIteration(runner: FakeRunner, n: number, summary: string): Promise<void> {
  runner.send({ type: 'gate', iteration: n });
  const gate = await runner.next('gate_result');
  expect(gate).toMatchObject({ iteration: n, decision: 'go' });
  runner.send({ type: 'iteration_started', iteration: n, startedAt: new Date().toISOString() });
  runner.send({
    type: 'usage',
    iteration: n,
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0.01,
    model: 'scripted/demo-counter',
  });
  runner.send({ type: 'iteration_done', iteration: n, status: 'ok', summary, durationMs: 3 });
  runner.send({ type: 'checkpoint', iteration: n, messages: [{ role: 'assistant', content: summary }], replace: false });
}

/** Ends the fake process the way a runner ends cleanly: its `exit` message, then exit code 0. */
export function exitWith(runner: FakeRunner, reason: string, iterations: number, detail?: string): void {
  runner.send({ type: 'exit', reason, iterations, ...(detail ? { detail } : {}) });
  runner.exit({ code: 0 });
}
