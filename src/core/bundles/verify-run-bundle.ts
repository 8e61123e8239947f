import { z } from 'zod';
import { RUN_BUNDLE_FORMAT, RUN_BUNDLE_VERSION, RunBundle } from '../../shared/bundle';
import { revisionOf } from '../store/template-revisions-repository';
import { bundleChecksum } from './bundle-checksum';

/** A bundle fit to import, or the reason it is not, in words a person can act on. */
export type BundleVerdict = Readonly<{ ok: true; bundle: RunBundle } | { ok: false; reason: string }>;

/** The version of a bundle written by a newer Autoloop, or null. */
function newerVersionOf(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { format, version } = raw as { format?: unknown; version?: unknown };
  return format === RUN_BUNDLE_FORMAT && typeof version === 'number' && version > RUN_BUNDLE_VERSION ? version : null;
}

/** The first number that appears twice, or null. */
function firstDuplicate(numbers: ReadonlyArray<number>): number | null {
  const seen = new Set<number>();
  for (const n of numbers) {
    if (seen.has(n)) return n;
    seen.add(n);
  }
  return null;
}

/** Why a well-formed bundle does not hold together (template, run ids, numbering), or null. */
function inconsistencyOf(bundle: RunBundle): string | null {
  const { run, template } = bundle;
  const actual = revisionOf(template.text);
  if (actual !== template.revision) {
    return `its template text does not match its revision ${template.revision} (the text's sha256 is ${actual})`;
  }
  if (run.templateRevision !== template.revision) {
    return `its template revision ${template.revision} is not the one its run pinned (${run.templateRevision})`;
  }
  if (run.template !== template.name) return `its template "${template.name}" is not the one its run used ("${run.template}")`;
  const strayIteration = bundle.iterations.find((iteration) => iteration.runId !== run.id);
  if (strayIteration) return `iteration ${strayIteration.n} belongs to run ${strayIteration.runId}, not to the bundle's run ${run.id}`;
  const strayEvent = bundle.events.find((event) => event.runId !== run.id);
  if (strayEvent) return `event ${strayEvent.seq} belongs to run ${strayEvent.runId}, not to the bundle's run ${run.id}`;
  const twiceIteration = firstDuplicate(bundle.iterations.map((iteration) => iteration.n));
  if (twiceIteration !== null) return `iteration ${twiceIteration} appears more than once`;
  const twiceEvent = firstDuplicate(bundle.events.map((event) => event.seq));
  if (twiceEvent !== null) return `event ${twiceEvent} appears more than once`;
  return null;
}

/**
 * Checks a bundle as received (`unknown`): its shape with zod, its checksum, then that it holds
 * together. Pure: the caller stores the bundle only when the verdict is ok.
 */
export function verifyRunBundle(raw: unknown): BundleVerdict {
  const newer = newerVersionOf(raw);
  if (newer !== null) {
    return { ok: false, reason: `Not imported: the bundle has version ${newer}, but this Autoloop reads only version ${RUN_BUNDLE_VERSION}; update Autoloop to import it` };
  }
  const parsed = RunBundle.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, reason: `Not imported: this is not an Autoloop run bundle (${RUN_BUNDLE_FORMAT}, version ${RUN_BUNDLE_VERSION}):\n${z.prettifyError(parsed.error)}` };
  }
  const bundle = parsed.data;
  if (bundleChecksum(bundle) !== bundle.checksum) {
    return { ok: false, reason: 'Not imported: the bundle was modified after export: its checksum does not match' };
  }
  const problem = inconsistencyOf(bundle);
  if (problem !== null) return { ok: false, reason: `Not imported: the bundle does not hold together: ${problem}` };
  return { ok: true, bundle };
}
