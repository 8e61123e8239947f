import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { ScriptedResponse } from '../../shared/scripted-script';
import { tempEnginesPerFile } from '../testing/temp-engines';
import { waitUntil } from '../testing/wait-until';

// The maxVerifyFailures count across a pause and resume: real engine, real runner processes, a scripted model.

const tempEngine = tempEnginesPerFile();

const complete: ScriptedResponse = { text: 'Done, I think.', toolCalls: [{ tool: 'complete', input: { reason: 'finished' } }] };
const endOfIteration: ScriptedResponse = { text: 'End of iteration.' };

describe('failed verifications across a resume', () => {
  it('a resumed run counts on from the failures before its pause: the third failure ends it verify_failed', async () => {
    const engine = tempEngine();
    // One failing `complete` per iteration, three times; afterwards the agent would only talk, so a count that
    // started again at 0 after the resume would let the run go on to its iteration limit instead.
    const responses = [complete, endOfIteration, complete, endOfIteration, complete, endOfIteration];
    const model = engine.writeScript('script', { responses, whenExhausted: 'repeat-last' });
    const run = await engine.api['runs.start'](
      StartRunParams.parse({
        template: 'demo-counter',
        model,
        workdir: mkdtempSync(join(tmpdir(), 'autoloop-verify-resume-')),
        verify: 'exit 4',
        limits: { maxIterations: 5 },
        loop: { intervalMs: 1_500, stagnationLimit: 0, maxVerifyFailures: 3 },
        permissions: { profile: 'trusted' },
      }),
    );
    const verifies = async () => (await engine.api['runs.events']({ id: run.id, afterSeq: 0, limit: 1_000 })).events.filter((e) => e.kind === 'verify');
    await waitUntil(async () => (await verifies()).length === 2, 'two failed verifications', 15_000);
    await engine.api['runs.pause']({ id: run.id });
    expect(await engine.supervisor.finished(run.id)).toMatchObject({ status: 'paused', iterations: 2 });

    await engine.api['runs.resume']({ id: run.id });
    const ended = await engine.supervisor.finished(run.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'verify_failed', iterations: 3 });
    expect(ended.detail).toContain('3 verifications failed in a row');
    expect((await verifies()).map((event) => [event.iteration, event.data.ok, event.data.exitCode])).toEqual([
      [1, false, 4],
      [2, false, 4],
      [3, false, 4],
    ]);
    const results = (await engine.api['runs.events']({ id: run.id, afterSeq: 0, limit: 1_000 })).events.filter(
      (event) => event.kind === 'tool_result' && event.data.tool === 'complete',
    );
    expect(String(results.at(-1)?.data.output)).toContain('That was failed verification 3 of 3: the run ends now.');
  }, 40_000);
});
