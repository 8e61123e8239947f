import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import { type TempEngine, RUNNER_ENTRY, createTempEngine, isProcessAlive, reportingIteration } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';
import { createNodeRunnerHost } from './node-runner-host';
import { type SpareRunnerHost, keepingASpare } from './spare-runner';

// A spare runner through the whole engine: real runner processes started ahead of their run, a real SQLite file, the
// scripted model.

let engines: TempEngine[] = [];
afterEach(async () => {
  for (const engine of engines) await engine.dispose();
  engines = [];
});

function engineWithSpare(options: Parameters<typeof keepingASpare>[1] = {}): { engine: TempEngine; host: SpareRunnerHost; warnings: string[] } {
  const warnings: string[] = [];
  const host = keepingASpare(createNodeRunnerHost({ runnerEntry: RUNNER_ENTRY }), { refillDelayMs: 50, warn: (line) => warnings.push(line), ...options });
  const engine = createTempEngine({ host });
  engines.push(engine);
  return { engine, host, warnings };
}

async function completedRun(engine: TempEngine, name: string): Promise<{ runId: string; pid: number | null }> {
  const model = engine.writeScript(name, { responses: reportingIteration('counted'), whenExhausted: 'loop' });
  const started = await engine.api['runs.start'](
    StartRunParams.parse({ template: 'demo-counter', name, model, limits: { maxIterations: 2 }, loop: { intervalMs: 0 } }),
  );
  await waitUntil(() => engine.supervisor.pidOf(started.id) !== null || !engine.supervisor.isLive(started.id), 'the run has a runner');
  const pid = engine.supervisor.pidOf(started.id);
  const run = await engine.supervisor.finished(started.id);
  expect(run).toMatchObject({ status: 'ended', stopReason: 'iteration_limit', iterations: 2 });
  return { runId: started.id, pid };
}

const protocolTrouble = (engine: TempEngine): string[] => engine.log.lines.filter((line) => /protocol|invalid|dropped/i.test(line));

describe('a spare runner', () => {
  it('is loaded and waiting before any run; the next run takes that very process, and a new spare follows', async () => {
    const { engine, host } = engineWithSpare();
    host.warm();
    expect(await host.whenWarm()).toBe(true);
    const spare = host.sparePid();
    expect(spare).not.toBeNull();
    const { pid } = await completedRun(engine, 'takes-the-spare');
    expect(pid).toBe(spare);
    expect(isProcessAlive(spare as number)).toBe(false);
    // The next spare is another process: a spare serves one run and ends with it.
    await waitUntil(() => host.sparePid() !== null, 'a new spare');
    expect(host.sparePid()).not.toBe(spare);
    expect(await host.whenWarm()).toBe(true);
    const second = await completedRun(engine, 'takes-the-next-spare');
    expect(second.pid).not.toBe(spare);
    expect(protocolTrouble(engine)).toEqual([]);
  });

  it('serves a run that takes it while it is still loading, and its standby never reaches the supervisor', async () => {
    const { engine, host } = engineWithSpare();
    host.warm();
    const spare = host.sparePid();
    const { pid } = await completedRun(engine, 'takes-it-early');
    expect(pid).toBe(spare);
    expect(protocolTrouble(engine)).toEqual([]);
  });

  it('is replaced when it dies unused, and runs start cold once spares keep dying', async () => {
    const { engine, host, warnings } = engineWithSpare({ maxFailures: 2 });
    host.warm();
    expect(await host.whenWarm()).toBe(true);
    const first = host.sparePid() as number;
    process.kill(first, 'SIGKILL');
    await waitUntil(() => host.sparePid() !== null && host.sparePid() !== first, 'a replacement spare');
    expect(warnings.join('\n')).toMatch(/ended before any run took it \(SIGKILL\); starting another/);
    process.kill(host.sparePid() as number, 'SIGKILL');
    await waitUntil(() => warnings.length === 2, 'the second warning');
    expect(warnings[1]).toMatch(/2 times in a row; runners now start when a run starts/);
    expect(host.sparePid()).toBeNull();
    // A run still starts, on a runner of its own.
    const { pid } = await completedRun(engine, 'starts-cold');
    expect(pid).not.toBeNull();
    expect([first]).not.toContain(pid);
  });

  it('holds none of the engine’s secrets: its environment is every runner’s', async () => {
    process.env.ANTHROPIC_API_KEY = 'sk-ant-spare-test-secret';
    try {
      const { host } = engineWithSpare();
      host.warm();
      expect(await host.whenWarm()).toBe(true);
      const pid = host.sparePid() as number;
      const environment = readFileSync(`/proc/${pid}/environ`, 'utf8');
      expect(environment).not.toContain('sk-ant-spare-test-secret');
      expect(environment).toContain('PATH=');
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain('--spare');
    } finally {
      delete process.env.ANTHROPIC_API_KEY;
    }
  });

  it('ends when its engine closes', async () => {
    const { engine, host } = engineWithSpare();
    host.warm();
    expect(await host.whenWarm()).toBe(true);
    const pid = host.sparePid() as number;
    await engine.dispose();
    engines = [];
    expect(isProcessAlive(pid)).toBe(false);
    // A closed host starts no more spares.
    host.warm();
    expect(host.sparePid()).toBeNull();
  });

  it('ends when the foreground run that started it has taken it: no refill', async () => {
    const { engine, host } = engineWithSpare({ once: true });
    host.warm();
    const spare = host.sparePid();
    const { pid } = await completedRun(engine, 'once');
    expect(pid).toBe(spare);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(host.sparePid()).toBeNull();
  });
});
