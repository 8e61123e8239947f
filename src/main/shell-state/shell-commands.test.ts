import { describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../shared/api';
import { buildRun } from '../../shared/testing/build-run';
import { createMemoryLogger } from '../../core/logger';
import { buildApproval } from '../testing/build-approval';
import { createShellCommands } from './shell-commands';
import { shellStateFrom } from './shell-state';

/** Handlers that record their calls; `runs.stop` of r2 fails the way the engine refuses a stop. */
function recordingHandlers(): { handlers: ApiHandlers; calls: string[] } {
  const calls: string[] = [];
  const record = (method: string) => async (params: unknown) => {
    calls.push(`${method} ${JSON.stringify(params)}`);
    if (method === 'runs.stop' && (params as { id: string }).id === 'r2') throw Object.assign(new Error('gone'), { code: 'conflict' });
    return method.startsWith('approvals') ? buildApproval() : buildRun();
  };
  const handlers = new Proxy({}, { get: (_target, method: string) => record(method) }) as ApiHandlers;
  return { handlers, calls };
}

describe('createShellCommands', () => {
  const state = shellStateFrom(
    [buildRun({ id: 'r1', status: 'running' }), buildRun({ id: 'r2', status: 'paused', pauseReason: 'user' }), buildRun({ id: 'r3', status: 'stopping' })],
    [],
  );

  it('pauses every pausable run and stops every stoppable one through the API', async () => {
    const { handlers, calls } = recordingHandlers();
    const reports: string[] = [];
    const commands = createShellCommands({ handlers, current: () => state, report: (message) => reports.push(message), log: createMemoryLogger() });
    await commands.pauseAll();
    expect(calls).toEqual(['runs.pause {"id":"r1"}']);
    await commands.stopAll();
    expect(calls.slice(1)).toEqual(['runs.stop {"id":"r1"}', 'runs.stop {"id":"r2"}']);
    expect(reports).toHaveLength(1);
  });

  it('answers an approval once by default, or for the run', async () => {
    const { handlers, calls } = recordingHandlers();
    const commands = createShellCommands({ handlers, current: () => state, report: () => undefined, log: createMemoryLogger() });
    await commands.decideApproval('a1', 'allow');
    await commands.decideApproval('a2', 'allow', 'run');
    expect(calls).toEqual(['approvals.decide {"id":"a1","decision":"allow","scope":"once"}', 'approvals.decide {"id":"a2","decision":"allow","scope":"run"}']);
  });

  it('reports input the API refuses instead of calling the engine', async () => {
    const { handlers, calls } = recordingHandlers();
    const reports: string[] = [];
    const commands = createShellCommands({ handlers, current: () => state, report: (message) => reports.push(message), log: createMemoryLogger() });
    await commands.pauseRun('');
    expect(calls).toEqual([]);
    expect(reports[0]).toContain('runs.pause');
  });
});
