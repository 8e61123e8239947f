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
import { isStreamedBundle, type StreamedBundle, streamOfBundle } from './bundle-stream';
import { type ImporterDefaults, numberImportedEvents, planRunImport } from './plan-run-import';
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

/** Lets the engine's other work (API calls, runs' events) run between two batches an import writes. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Verifies a bundle as received (unless the engine streams one it verified off the event loop) and stores it as
 * a new run. Never overwrites: a run id that is taken gets a new one. The run's `detail` says it was imported; one
 * that was active at export is paused (`interrupted`). Refuses a bad bundle with `invalid_input` and the reason.
 * Written in pieces behind a hidden row, so a large bundle never holds the event loop or the database for long:
 * nothing shows the run until the last piece is in, and a failure (or a crash, see `reconcileOnStartup`) removes it.
 */
export async function importRunBundle(deps: RunBundleDeps, raw: unknown, now: Date): Promise<RunImportResult> {
  let bundle: StreamedBundle;
  if (isStreamedBundle(raw)) bundle = raw;
  else {
    const verdict = verifyRunBundle(raw);
    if (!verdict.ok) throw new ApiFailure('invalid_input', verdict.reason);
    bundle = streamOfBundle(verdict.bundle);
  }
  try {
    return await storeBundle(deps, bundle, deps.newRunId ?? defaultRunId, now);
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

async function storeBundle(deps: RunBundleDeps, bundle: StreamedBundle, newRunId: () => string, now: Date): Promise<RunImportResult> {
  const { head } = bundle;
  const { id, plan } = deps.db.transaction(() => {
    let taken = head.run.id;
    while (deps.runs.isRunIdTaken(taken)) taken = newRunId();
    const planned = planRunImport(head, taken, now, deps.importerDefaults?.(taken));
    deps.runs.insertRun({ ...planned.row, importing: true });
    for (const iteration of planned.iterations) deps.runs.saveIteration(iteration);
    for (const approval of head.approvals) {
      // A request that was waiting at export can never be answered here: it arrives cancelled.
      const settled =
        approval.status === 'pending'
          ? { ...approval, status: 'cancelled' as const, decidedBy: 'cancelled' as const, reason: 'imported while pending' }
          : approval;
      deps.approvals?.insert({ ...settled, id: taken === head.run.id ? settled.id : `${taken}:${settled.id}`, runId: taken });
    }
    return { id: taken, plan: planned };
  })();
  try {
    let written = 0;
    let bytes = 0;
    for await (const batch of bundle.eventBatches) {
      await yieldToEventLoop();
      deps.runs.insertNumberedEvents(numberImportedEvents(batch, id, written));
      written += batch.length;
      bytes += batch.reduce((sum, event) => sum + JSON.stringify(event.data).length, 0);
    }
    await yieldToEventLoop();
    deps.db.transaction(() => {
      deps.revisions.save(plan.template.name, plan.template.text);
      if (bytes > 0) deps.retention?.addBytes(id, bytes);
      if (plan.messages.length > 0) deps.runs.saveCheckpoint(id, plan.row.run.iterations, plan.messages, true);
      deps.runs.finishImport(id, plan.row.importPending === true);
    })();
  } catch (error) {
    deps.runs.deleteRun(id); // its events, iterations, approvals and checkpoint go with it (ON DELETE CASCADE)
    throw error;
  }
  const stored = deps.runs.getRun(id);
  if (!stored) throw new Error(`run ${id} is not in the database right after its import`);
  return { run: stored.run, renamedFrom: id === head.run.id ? null : head.run.id };
}
