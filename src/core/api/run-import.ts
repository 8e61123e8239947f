import type { ConfirmImport } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { DEFAULT_PERMISSIONS, type Run } from '../../shared/records';
import { ApiFailure } from '../api-failure';
import { unpricedCostLimit } from '../budget/prices';
import { importRunBundle, type RunImportResult } from '../bundles/run-bundle';
import { resolveModel } from '../providers/resolve-model';
import { decideSandbox } from '../sandbox/decide-sandbox';
import type { ApiServiceDeps } from './api-service';
import { workdirFor } from './run-checks';

export type RunImport = Readonly<{
  /** `runs.import`: stores a bundle's run, paused until the person confirms it. */
  importRun(bundle: unknown): Promise<RunImportResult>;
  confirmImportedRun(run: Run, confirm: ConfirmImport | undefined): Run;
}>;

/** Importing a run bundle, and the confirmation an imported run needs before it resumes. */
export function createRunImport(deps: ApiServiceDeps): RunImport {
  const { runs } = deps;
  const now = deps.now ?? (() => new Date());

  async function importRun(bundle: unknown): Promise<RunImportResult> {
    const defaults = deps.settings.get().runDefaults;
    const importerDefaults = (runId: string) => ({
      permissions: {
        ...DEFAULT_PERMISSIONS,
        profile: defaults.profile,
        approvalTimeoutMs: defaults.approvalTimeoutMs,
        onApprovalTimeout: defaults.onApprovalTimeout,
      },
      model: defaults.model,
      workdir: workdirFor(undefined, deps.info.defaultWorkdir, runId),
    });
    const imported = await importRunBundle(
      { db: deps.db, runs, revisions: deps.revisions, approvals: deps.approvals, retention: deps.retention, importerDefaults },
      bundle,
      now(),
    );
    deps.publish(imported.run);
    return imported;
  }

  /**
   * An imported run resumes only with the person's confirmation of its profile, rules, working folder and model:
   * without it the answer shows what it would run with; with it those are stored first.
   */
  function confirmImportedRun(run: Run, confirm: ConfirmImport | undefined): Run {
    if (runs.getRun(run.id)?.importPending !== true) return run;
    if (confirm === undefined) {
      const { profile, rules } = run.permissions;
      throw new ApiFailure(
        'conflict',
        `The run "${run.name}" was imported: confirm its profile (now ${profile}), rules (now ${rules.length}), working folder (now ${run.workdir}) ` +
          `and model (now ${run.model}) to resume it`,
        { field: 'confirmImport', current: { profile, rules, workdir: run.workdir, model: run.model } },
      );
    }
    const workdir = workdirFor(confirm.workdir, deps.info.defaultWorkdir, run.id);
    try {
      resolveModel(confirm.model, { workdir, scriptsFolder: deps.scriptsFolder, providers: deps.settings.get().providers, env: deps.env ?? process.env });
    } catch (error) {
      throw new ApiFailure('invalid_input', messageOf(error), { field: 'confirmImport.model' });
    }
    const unpriced = unpricedCostLimit(confirm.model, run.limits.maxCostUsd, deps.settings.get().prices);
    if (unpriced !== null) throw new ApiFailure('invalid_input', unpriced, { field: 'limits.maxCostUsd' });
    // The sandbox follows the confirmed profile, as at start; the bundle's own say nothing here.
    const sandbox = decideSandbox({ profile: confirm.profile, available: deps.availableSandbox(), platform: process.platform });
    if ('refused' in sandbox) throw new ApiFailure('unavailable', sandbox.refused, { field: 'confirmImport.profile' });
    runs.confirmImport(run.id);
    return runs.updateRun(run.id, {
      sandbox: sandbox.kind,
      permissions: { ...run.permissions, profile: confirm.profile, rules: confirm.rules },
      workdir,
      model: confirm.model,
      // A paused run resumes as one that was interrupted; a crashed one keeps its crash until it starts.
      pauseReason: run.status === 'paused' ? 'interrupted' : null,
    });
  }

  return { importRun, confirmImportedRun };
}
