import { StartRunParams } from '../../shared/api';
import type { RunBundle } from '../../shared/bundle';
import type { TempEngine } from './temp-engine';

/** Runs one scripted iteration of demo-counter to its end on `engine` and exports it: a real bundle to mutate. */
export async function exportedOneIterationRun(engine: TempEngine): Promise<RunBundle> {
  const model = engine.writeScript('once', { responses: [{ text: 'Counted.', toolCalls: [{ tool: 'report', input: { summary: 'one' } }] }] });
  const run = await engine.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model, limits: { maxIterations: 1 } }));
  await engine.supervisor.finished(run.id);
  engine.supervisor.flushEvents();
  return engine.api['runs.export']({ id: run.id });
}
