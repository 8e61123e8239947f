import type { RunBundle } from '../../shared/bundle';
import { type Iteration, type Run, type RunEvent, isActive } from '../../shared/records';
import type { RunRow } from '../store/runs-repository';

/** Everything an import stores, already under the run id it gets. */
export type RunImportPlan = Readonly<{
  row: RunRow;
  template: Readonly<{ name: string; text: string }>;
  iterations: ReadonlyArray<Iteration>;
  events: ReadonlyArray<RunEvent>;
  messages: ReadonlyArray<unknown>;
}>;

/** The words that mark a run as imported in its `detail`. */
export function importedDetail(original: Run, now: Date): string {
  const note = `Imported from ${original.name} (${original.id}) on ${now.toISOString().slice(0, 10)}`;
  return original.detail === null ? note : `${note}. ${original.detail}`;
}

/** An imported run has no process: one that was active at export is paused (`interrupted`); others keep their state. */
function importedState(run: Run): Pick<Run, 'status' | 'stopReason' | 'pauseReason'> {
  if (isActive(run.status)) return { status: 'paused', stopReason: null, pauseReason: 'interrupted' };
  return { status: run.status, stopReason: run.stopReason, pauseReason: run.pauseReason };
}

/** What importing a verified bundle under `id` stores. Pure: the caller picks the id and writes the plan. */
export function planRunImport(bundle: RunBundle, id: string, now: Date): RunImportPlan {
  const run: Run = { ...bundle.run, ...importedState(bundle.run), id, detail: importedDetail(bundle.run, now) };
  return {
    row: { run, loop: bundle.loop, params: bundle.params },
    template: { name: bundle.template.name, text: bundle.template.text },
    iterations: bundle.iterations.map((iteration) => ({ ...iteration, runId: id })),
    events: bundle.events.map((event) => ({ ...event, runId: id })),
    messages: bundle.checkpoint.messages,
  };
}
