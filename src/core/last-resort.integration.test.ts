import { EventEmitter } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { StartRunParams } from '../shared/api';
import { type TempEngine, createTempEngine, isProcessAlive } from './testing/temp-engine';
import { waitUntil } from './testing/wait-until';
import { installLastResort } from './last-resort';

let target: TempEngine;
afterAll(async () => {
  await target.dispose();
  expect(target.pids.filter(isProcessAlive)).toEqual([]);
});

describe('the last-resort handler', () => {
  it('logs an error nothing caught, pauses every run cleanly, then exits with the failure code', async () => {
    target = createTempEngine({ supervisor: { stopGraceMs: 1_000 } });
    const model = target.writeScript('slow', { responses: [{ delayMs: 200, text: 'Working.', toolCalls: [{ tool: 'report', input: { summary: 'tick' } }] }] });
    const run = await target.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model, limits: { maxIterations: 1_000 } }));
    await waitUntil(async () => (await target.api['runs.get']({ id: run.id })).status === 'running', 'the run to be running');

    const fakeProcess = new EventEmitter();
    const exits: number[] = [];
    installLastResort(fakeProcess, {
      log: target.log,
      pauseAndClose: async () => void (await target.supervisor.pauseAllForShutdown()),
      exit: (code) => void exits.push(code),
      exitCode: 1,
    });
    fakeProcess.emit('unhandledRejection', new Error('a bug nobody caught'));
    fakeProcess.emit('uncaughtException', new Error('and another one'));

    await waitUntil(() => exits.length > 0, 'the handler to exit');
    expect(exits).toEqual([1]);
    expect(await target.api['runs.get']({ id: run.id })).toMatchObject({ status: 'paused', pauseReason: 'shutdown' });
    expect(target.log.lines.some((line) => line.includes('unhandled promise rejection') && line.includes('a bug nobody caught'))).toBe(true);
    expect(target.log.lines.some((line) => line.includes('another uncaught exception') && line.includes('and another one'))).toBe(true);
  });
});
