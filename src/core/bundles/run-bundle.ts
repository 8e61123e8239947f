import { randomBytes } from 'node:crypto';
import { RUN_BUNDLE_FORMAT, RUN_BUNDLE_VERSION, type RunBundle, type RunBundleContent } from '../../shared/bundle';
import type { Run } from '../../shared/records';
import { ApiFailure } from '../api-failure';
import type { Db } from '../store/database';
import { sqliteCodeOf } from '../store/database-errors';
import type { EventRetention } from '../store/event-retention';
import type { RunsRepository } from '../store/runs-repository';
import type { TemplateRevisionsRepository } from '../store/template-revisions-repository';
import type { ApprovalsRepository } from '../store/approvals-repository';
import { bundleChecksum } from './bundle-checksum';
import { type ImporterDefaults, planRunImport } from './plan-run-import';
import { verifyRunBundle } from './verify-run-bundle';

/** What export and import read and write through. */
export type RunBundleDeps = Readonly<{
  db: Db;
  runs: RunsRepository;
  revisions: TemplateRevisionsRepository;
  approvals?: ApprovalsRepository;
  /** The engine's event retention, so imported events count toward the run's size cap (DESIGN §9). */
  retention?: Pick<EventRetention, 'addBytes'>;
  /** Makes the id an imported run gets when its own is taken; defaults to the engine's `r` + 12 hex digits. */
  newRunId?: () => string;
  /** The importer's own profile, model and a fresh working folder for a run that could run again. */
  importerDefaults?: (runId: string) => ImporterDefaults;
}>;

/** What an import stored: the run as it now is, and its id in the bundle when that id was taken here. */
export type RunImportResult = Readonly<{ run: Run; renamedFrom: string | null }>;

function defaultRunId(): string {
  return `r${randomBytes(6).toString('hex')}`;
}

/**
 * The run as one bundle (format version 1): run row, loop options, params, pinned template text,
 * iterations, every stored event, checkpoint, and the checksum over all of it. Flush pending
 * events first when the run is live.
 */
export function exportRunBundle(
  deps: Pick<RunBundleDeps, 'runs' | 'revisions' | 'approvals'>,
  runId: string,
  appVersion: string,
  now: Date = new Date(),
): RunBundle {
  const row = deps.runs.getRun(runId);
  if (!row) throw new ApiFailure('not_found', `There is no run with the id ${runId}`);
  const { run } = row;
  const text = deps.revisions.text(run.templateRevision);
  if (text === null) {
    throw new ApiFailure(
      'not_found',
      `The run "${run.name}" (${run.id}) cannot be exported: the text of its template revision ${run.templateRevision} is not in the database`,
    );
  }
  const content: RunBundleContent = {
    format: RUN_BUNDLE_FORMAT,
    version: RUN_BUNDLE_VERSION,
    exportedAt: now.toISOString(),
    app: { version: appVersion },
    run,
    loop: row.loop,
    params: row.params,
    template: { name: run.template, revision: run.templateRevision, text },
    iterations: deps.runs.listIterations(run.id),
    events: deps.runs.listAllEvents(run.id),
    approvals: deps.approvals?.history(run.id) ?? [],
    checkpoint: { messages: deps.runs.loadConversation(run.id) },
  };
  return { ...content, checksum: bundleChecksum(content) };
}

/**
 * Verifies a bundle as received and stores it as a new run, in one transaction. Never overwrites:
 * a run id that is taken gets a new one. The run's `detail` says it was imported; one that was
 * active at export is paused (`interrupted`). Refuses a bad bundle with `invalid_input` and the reason.
 */
export function importRunBundle(deps: RunBundleDeps, raw: unknown, now: Date): RunImportResult {
  const verdict = verifyRunBundle(raw);
  if (!verdict.ok) throw new ApiFailure('invalid_input', verdict.reason);
  const { bundle } = verdict;
  const newRunId = deps.newRunId ?? defaultRunId;
  try {
    return storeBundle(deps, bundle, newRunId, now);
  } catch (error) {
    // The checks above should leave nothing for SQLite to refuse; if it does, it is still the bundle's fault.
    if (sqliteCodeOf(error)?.startsWith('SQLITE_CONSTRAINT')) {
      throw new ApiFailure(
        'invalid_input',
        `Not imported: the bundle holds a record that clashes with stored data (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    throw error;
  }
}

function storeBundle(deps: RunBundleDeps, bundle: RunBundle, newRunId: () => string, now: Date): RunImportResult {
  return deps.db.transaction((): RunImportResult => {
    let id = bundle.run.id;
    while (deps.runs.getRun(id) !== null) id = newRunId();
    const plan = planRunImport(bundle, id, now, deps.importerDefaults?.(id));
    deps.revisions.save(plan.template.name, plan.template.text);
    deps.runs.insertRun(plan.row);
    for (const iteration of plan.iterations) deps.runs.saveIteration(iteration);
    deps.runs.insertNumberedEvents(plan.events);
    for (const approval of bundle.approvals) {
      // A request that was waiting at export can never be answered here: it arrives cancelled.
      const settled =
        approval.status === 'pending'
          ? { ...approval, status: 'cancelled' as const, decidedBy: 'system' as const, reason: 'imported while pending' }
          : approval;
      deps.approvals?.insert({ ...settled, id: id === bundle.run.id ? settled.id : `${id}:${settled.id}`, runId: id });
    }
    const bytes = plan.events.reduce((sum, event) => sum + JSON.stringify(event.data).length, 0);
    if (bytes > 0) deps.retention?.addBytes(id, bytes);
    if (plan.messages.length > 0) deps.runs.saveCheckpoint(id, plan.row.run.iterations, plan.messages, true);
    const stored = deps.runs.getRun(id);
    if (!stored) throw new Error(`run ${id} is not in the database right after its import`);
    return { run: stored.run, renamedFrom: id === bundle.run.id ? null : bundle.run.id };
  })();
}
