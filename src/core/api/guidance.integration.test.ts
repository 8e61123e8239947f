import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import { describeEvent } from '../../shared/event-words';
import type { RunEvent } from '../../shared/records';
import { type TempEngine, reportingIteration } from '../testing/temp-engine';
import { tempEnginesPerFile } from '../testing/temp-engines';
import { waitUntil } from '../testing/wait-until';
import { dispatch } from './dispatch';

// Guidance between iterations with real runner processes; only the model is scripted.

const tempEngine = tempEnginesPerFile();

async function start(maxIterations: number, delayMs: number) {
  const engine = tempEngine();
  const workdir = mkdtempSync(join(tmpdir(), 'autoloop-guidance-work-'));
  const responses = Array.from({ length: maxIterations }, (_, index) => reportingIteration(`step ${index + 1}`, delayMs)).flat();
  const model = engine.writeScript('script', { responses, whenExhausted: 'repeat-last' });
  const run = await engine.api['runs.start'](
    StartRunParams.parse({
      template: 'demo-counter',
      model,
      workdir,
      limits: { maxIterations },
      loop: { intervalMs: 0, stagnationLimit: 0 },
      permissions: { profile: 'trusted' },
    }),
  );
  return { engine, run };
}

async function eventsOf(engine: TempEngine, runId: string, kinds: ReadonlyArray<RunEvent['kind']>): Promise<RunEvent[]> {
  const { events } = await engine.api['runs.events']({ id: runId, afterSeq: 0, limit: 5_000 });
  return events.filter((event) => kinds.includes(event.kind));
}

function promptOf(engine: TempEngine, runId: string, iteration: number): string {
  const rows = engine.db.prepare('SELECT message FROM messages WHERE run_id = ? AND iteration = ? ORDER BY seq').pluck().all(runId, iteration) as string[];
  const prompt = rows.map((row) => JSON.parse(row) as { role: string; content: unknown }).find((message) => message.role === 'user');
  return typeof prompt?.content === 'string' ? prompt.content : '';
}

describe('guidance', () => {
  it('is stored at once and delivered, in order, at the next iteration boundary; the log says who said what and where it landed', async () => {
    const { engine, run } = await start(2, 1_500);
    await waitUntil(async () => (await engine.api['runs.iterations']({ id: run.id })).length === 1, 'iteration 1 to start');
    const first = await engine.api['runs.guide']({ id: run.id, text: 'Use tabs, not spaces.' });
    expect(first).toMatchObject({ runId: run.id, kind: 'guidance', iteration: 1, data: { text: 'Use tabs, not spaces.', by: 'user', guidanceId: 1 } });
    expect(describeEvent(first)).toBe('You said: Use tabs, not spaces.');
    await engine.api['runs.guide']({ id: run.id, text: '  And keep it short.  ' });

    expect(await engine.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'iteration_limit', iterations: 2 });
    const log = await eventsOf(engine, run.id, ['guidance', 'guidance_delivered']);
    expect(log.map((event) => [event.kind, event.iteration, event.data.text])).toEqual([
      ['guidance', 1, 'Use tabs, not spaces.'],
      ['guidance', 1, 'And keep it short.'],
      ['guidance_delivered', 2, 'Use tabs, not spaces.'],
      ['guidance_delivered', 2, 'And keep it short.'],
    ]);
    expect(describeEvent(log[2] as RunEvent)).toBe("Guidance from you given to the agent in this iteration's prompt: Use tabs, not spaces.");
    expect(promptOf(engine, run.id, 1)).not.toContain('Guidance');
    expect(promptOf(engine, run.id, 2)).toMatch(
      /^Guidance from the person running this program \(2 notes, oldest first\); follow it:\n1\. Use tabs, not spaces\.\n2\. And keep it short\.\n\nThis is iteration 2\. Continue/,
    );
  }, 30_000);

  it('to a paused run waits for the resume and opens the first iteration after it', async () => {
    const { engine, run } = await start(3, 800);
    await waitUntil(async () => (await engine.api['runs.iterations']({ id: run.id })).length === 1, 'iteration 1 to start');
    await engine.api['runs.pause']({ id: run.id });
    expect(await engine.supervisor.finished(run.id)).toMatchObject({ status: 'paused', iterations: 1 });
    const note = await engine.api['runs.guide']({ id: run.id, text: 'Now count backwards.' });
    expect(note.iteration).toBe(1);
    await engine.api['runs.resume']({ id: run.id });
    expect(await engine.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'iteration_limit', iterations: 3 });
    expect(promptOf(engine, run.id, 2)).toMatch(/^Guidance from the person running this program \(a note\); follow it:\nNow count backwards\.\n\n/);
    expect(promptOf(engine, run.id, 3)).not.toContain('Guidance');
    const delivered = await eventsOf(engine, run.id, ['guidance_delivered']);
    expect(delivered.map((event) => event.iteration)).toEqual([2]);
  }, 30_000);

  it('to an ended run, or an empty note, is refused with a clear message', async () => {
    const { engine, run } = await start(1, 0);
    await engine.supervisor.finished(run.id);
    const refusal = await engine.api['runs.guide']({ id: run.id, text: 'too late' }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'conflict' });
    expect((refusal as Error).message).toMatch(/has ended: guidance goes only to a running or paused run/);
    expect(await eventsOf(engine, run.id, ['guidance'])).toEqual([]);
    const empty = await dispatch(engine.api, 'runs.guide', { id: run.id, text: '   ' }, engine.log);
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('write the note to send') as unknown } });
  }, 30_000);
});
