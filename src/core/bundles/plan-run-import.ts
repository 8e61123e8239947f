import type { BundleHead } from './bundle-stream';
import { type Iteration, type Permissions, type Run, type RunEvent, isActive } from '../../shared/records';
import type { RunRow } from '../store/runs-repository';

/** Everything an import stores but the events (written in batches, `numberImportedEvents`), already under the run id it gets. */
export type RunImportPlan = Readonly<{
  row: RunRow;
  template: Readonly<{ name: string; text: string }>;
  iterations: ReadonlyArray<Iteration>;
  messages: ReadonlyArray<unknown>;
}>;

/**
 * One batch of a bundle's events (in `seq` order) under the imported run's id, renumbered from `before + 1` on,
 * whatever numbers the bundle gave them. Pure.
 */
export function numberImportedEvents(events: ReadonlyArray<RunEvent>, id: string, before: number): RunEvent[] {
  return events.map((event, index) => ({ ...event, runId: id, seq: before + index + 1 }));
}

/** The words that mark a run as imported in its `detail`. */
export function importedDetail(original: Run, now: Date): string {
  const note = `Imported from ${original.name} (${original.id}) on ${now.toISOString().slice(0, 10)}`;
  return original.detail === null ? note : `${note}. ${original.detail}`;
}

/** What the importer uses instead of the bundle's own choices for a run that could run again. */
export type ImporterDefaults = Readonly<{
  permissions: Permissions;
  /** The importer's default model, or null to keep the bundle's model name (it runs on the importer's providers). */
  model: string | null;
  /** A fresh working folder for the run, in the importer's default place. */
  workdir: string;
}>;

const crashed = (run: Run): boolean => run.status === 'ended' && run.stopReason === 'crash';

/** A run that could run again: active at export, paused, or crashed. */
const resumable = (run: Run): boolean => isActive(run.status) || run.status === 'paused' || crashed(run);

/**
 * An imported run has no process. One that could run again resumes only once the person confirms its profile,
 * rules, working folder and model (`importPending`); until then it carries the importer's defaults, never the
 * bundle's (a bundle could say `trusted` and point at any folder). An active or paused one arrives paused as
 * `imported`; a crashed one stays ended by its crash, so its record still says why it ended. Others keep their state.
 */
function importedState(run: Run, defaults: ImporterDefaults | undefined): Partial<Run> {
  if (!resumable(run)) return { status: run.status, stopReason: run.stopReason, pauseReason: null };
  const own = defaults === undefined ? {} : { permissions: defaults.permissions, workdir: defaults.workdir, model: defaults.model ?? run.model, network: [] };
  if (crashed(run)) return { status: 'ended', stopReason: 'crash', pauseReason: null, ...own };
  return { status: 'paused', stopReason: null, pauseReason: 'imported', endedAt: null, ...own };
}

/** The name the bundle's template text is filed under: never a local template's name (`imported:` cannot start one). */
export function importedTemplateName(name: string): string {
  return `imported:${name}`;
}

/** What importing a verified bundle under `id` stores first. Pure: the caller picks the id and writes the plan. */
export function planRunImport(bundle: BundleHead, id: string, now: Date, defaults?: ImporterDefaults): RunImportPlan {
  // A bundle's worktree names folders and a branch of the exporter's machine: the imported run works in its confirmed folder.
  const run: Run = {
    ...bundle.run,
    ...importedState(bundle.run, defaults),
    id,
    detail: importedDetail(bundle.run, now),
    isolation: 'none',
    worktree: null,
    worktreeState: null,
  };
  return {
    row: { run, loop: bundle.loop, params: bundle.params, importPending: resumable(bundle.run) },
    template: { name: importedTemplateName(bundle.template.name), text: bundle.template.text },
    iterations: bundle.iterations.map((iteration) => ({ ...iteration, runId: id })),
    messages: bundle.checkpoint.messages,
  };
}
