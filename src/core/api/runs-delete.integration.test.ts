import { afterAll, describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import { createTempEngine, reportingIteration } from '../testing/temp-engine';

const engine = createTempEngine();
afterAll(() => engine.dispose());

describe('runs.delete', () => {
  it('refuses an active run, then removes a stopped one with its iterations and log, telling every window', async () => {
    const model = engine.writeScript('slow', { responses: reportingIteration('tick'), whenExhausted: 'loop' });
    const run = await engine.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model, loop: { intervalMs: 60_000 } }));
    await expect(engine.api['runs.delete']({ id: run.id })).rejects.toMatchObject({ code: 'conflict' });
    await engine.api['runs.stop']({ id: run.id });
    const pushed: string[] = [];
    engine.bus.subscribe((event) => event.type === 'run.deleted' && pushed.push(event.runId));
    expect(await engine.api['runs.delete']({ id: run.id })).toEqual({ id: run.id });
    expect(pushed).toEqual([run.id]);
    await expect(engine.api['runs.get']({ id: run.id })).rejects.toMatchObject({ code: 'not_found' });
    for (const table of ['iterations', 'events', 'messages']) {
      expect(engine.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE run_id = ?`).pluck().get(run.id)).toBe(0);
    }
  });
});
