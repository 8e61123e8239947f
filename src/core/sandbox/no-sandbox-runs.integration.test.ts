import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import { sleepsOf } from '../../testing/processes';
import { createTempEngine } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';

/** How long a test waits for a process to appear or to go. */
const RUN_WAIT_MS = 20_000;

describe('a machine without a sandbox', () => {
  it('refuses a run that needs one, saying what to do, and lets a trusted run start unsandboxed', async () => {
    const engine = createTempEngine({ sandbox: 'none' });
    try {
      const model = engine.writeScript('done', { responses: [{ toolCalls: [{ tool: 'complete', input: { reason: 'done' } }] }] });
      await expect(engine.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model, permissions: { profile: 'ask' } }))).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/no sandbox is available here.*"trusted" profile/),
      });
      const trusted = await engine.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model, permissions: { profile: 'trusted' } }));
      expect(trusted.sandbox).toBe('none');
      await engine.supervisor.finished(trusted.id);
    } finally {
      await engine.dispose();
    }
  });

  it.skipIf(process.platform !== 'linux')("kills its commands' process groups when the runner is SIGTERMed (the runner's own handler)", async () => {
    const engine = createTempEngine({ sandbox: 'none' });
    try {
      const marker = `${2_000 + Math.floor(Math.random() * 1_000)}.${randomBytes(3).readUIntBE(0, 3)}`;
      const model = engine.writeScript('sleeper', { responses: [{ toolCalls: [{ tool: 'bash', input: { command: `sleep ${marker}` } }] }] });
      const run = await engine.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model, permissions: { profile: 'trusted' } }));
      await waitUntil(() => sleepsOf(marker).length === 1, 'the sleep to start', RUN_WAIT_MS);
      const runnerPid = engine.pids.at(-1);
      if (runnerPid === undefined) throw new Error('no runner was started');
      // What the stop ladder does after its grace: SIGTERM to the runner's process group (bash has its own group).
      process.kill(-runnerPid, 'SIGTERM');
      await waitUntil(() => sleepsOf(marker).length === 0, 'the sleep to die with the runner', RUN_WAIT_MS);
      expect((await engine.supervisor.finished(run.id)).stopReason).toBe('crash');
    } finally {
      await engine.dispose();
    }
  });
});
