import { z } from 'zod';
import { RUN_BUNDLE_FORMAT, RUN_BUNDLE_VERSION, RunBundle } from '../../shared/bundle';
import { ConversationMessageShape } from '../../shared/conversation';
import { issuesInWords } from '../../shared/errors';
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

/** What ids in a bundle may look like: they name rows and folders. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

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
  const badApproval = bundle.approvals.find((approval) => !SAFE_ID.test(approval.id) || approval.runId !== run.id);
  if (badApproval) return `approvals: the id ${JSON.stringify(badApproval.id.slice(0, 80))} is not 1–64 letters, digits, _ or -, or belongs to another run`;
  return duplicateApprovalOf(bundle) ?? statusProblemOf(bundle.run) ?? checkpointProblemOf(bundle.checkpoint.messages);
}

/** An approval id written twice (it once reached SQLite and answered `internal`), or null. */
function duplicateApprovalOf(bundle: RunBundle): string | null {
  const seen = new Set<string>();
  for (const [index, approval] of bundle.approvals.entries()) {
    if (seen.has(approval.id)) return `approvals[${index}].id: the approval id "${approval.id}" appears more than once`;
    seen.add(approval.id);
  }
  return null;
}

/** Status fields that contradict each other (an ended run with a pause reason), or null. */
function statusProblemOf(run: RunBundle['run']): string | null {
  if (run.status === 'ended' && run.pauseReason !== null) return `run.pauseReason: an ended run has no pause reason, but this one has "${run.pauseReason}"`;
  if (run.status !== 'ended' && run.stopReason !== null)
    return `run.stopReason: only an ended run has a stop reason, but this ${run.status} run has "${run.stopReason}"`;
  return null;
}

type Issue = Readonly<{ path: ReadonlyArray<PropertyKey>; message: string }>;

/** Inside a union (a string or a list of parts), the issue of the branch that got furthest: it names the field. */
function deepestIssue(issue: z.core.$ZodIssue): Issue {
  if (issue.code !== 'invalid_union') return issue;
  let best: Issue = issue;
  for (const branch of issue.errors) {
    for (const inner of branch) {
      const candidate = deepestIssue(inner);
      const path = [...issue.path, ...candidate.path];
      if (path.length > best.path.length) best = { path, message: candidate.message };
    }
  }
  return best;
}

/** The first checkpoint message the model layer could not read, or null. */
function checkpointProblemOf(messages: ReadonlyArray<unknown>): string | null {
  for (const [index, message] of messages.entries()) {
    const parsed = ConversationMessageShape.safeParse(message);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const { path, message } = first ? deepestIssue(first) : { path: [], message: 'invalid' };
      const where = [`checkpoint.messages[${index}]`, ...path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))].join('');
      return `${where}: not a conversation message the run could resume from (${message})`;
    }
  }
  return null;
}

/** How many of a damaged bundle's problems a refusal names. */
const MAX_ISSUES_SHOWN = 5;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a bundle as received (`unknown`): its shape with zod, its checksum, then that it holds
 * together. Pure: the caller stores the bundle only when the verdict is ok.
 */
export function verifyRunBundle(raw: unknown): BundleVerdict {
  const newer = newerVersionOf(raw);
  if (newer !== null) {
    return {
      ok: false,
      reason: `Not imported: the bundle has version ${newer}, but this Autoloop reads only version ${RUN_BUNDLE_VERSION}; update Autoloop to import it`,
    };
  }
  const parsed = RunBundle.safeParse(raw);
  if (!parsed.success) {
    const what = `Not imported: this is not an Autoloop run bundle (${RUN_BUNDLE_FORMAT}, version ${RUN_BUNDLE_VERSION})`;
    // Something else altogether (no bundle's format field): say so, not every field it lacks.
    if (!isObject(raw) || raw.format !== RUN_BUNDLE_FORMAT) return { ok: false, reason: `${what}; export one with \`autoloop export <run> -o FILE\`` };
    const issues = parsed.error.issues;
    const shown = issuesInWords(new z.ZodError(issues.slice(0, MAX_ISSUES_SHOWN)));
    return { ok: false, reason: `${what}: ${shown}${issues.length > MAX_ISSUES_SHOWN ? ` (and ${issues.length - MAX_ISSUES_SHOWN} more)` : ''}` };
  }
  const bundle = parsed.data;
  if (bundleChecksum(bundle) !== bundle.checksum) {
    return { ok: false, reason: 'Not imported: the bundle was modified after export: its checksum does not match' };
  }
  const problem = inconsistencyOf(bundle);
  if (problem !== null) return { ok: false, reason: `Not imported: the bundle does not hold together: ${problem}` };
  return { ok: true, bundle };
}
