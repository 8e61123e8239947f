import type { Approval, Run } from '../../shared/records';

/** What a reference on the command line named: one record, or why it names none. */
export type Resolved<T> = Readonly<{ ok: true; value: T } | { ok: false; reason: 'not_found' | 'ambiguous'; message: string }>;

const SHOWN_CANDIDATES = 5;

function ambiguous<T>(what: string, candidates: ReadonlyArray<string>): Resolved<T> {
  const shown = candidates.slice(0, SHOWN_CANDIDATES).join(', ');
  const more = candidates.length > SHOWN_CANDIDATES ? ` and ${candidates.length - SHOWN_CANDIDATES} more` : '';
  return { ok: false, reason: 'ambiguous', message: `${what} fits ${candidates.length} of them (${shown}${more}): give more of the id` };
}

/**
 * The run a person means by `ref`: its id, its name, or the start of its id. A name shared by
 * several runs means the one that is not ended, if exactly one is not. Pure.
 */
export function resolveRunRef(runs: ReadonlyArray<Run>, ref: string): Resolved<Run> {
  const byId = runs.find((run) => run.id === ref);
  if (byId) return { ok: true, value: byId };
  const named = runs.filter((run) => run.name === ref);
  if (named.length === 1 && named[0]) return { ok: true, value: named[0] };
  if (named.length > 1) {
    const live = named.filter((run) => run.status !== 'ended');
    if (live.length === 1 && live[0]) return { ok: true, value: live[0] };
    return ambiguous(
      `The name "${ref}"`,
      named.map((run) => run.id),
    );
  }
  const prefixed = runs.filter((run) => run.id.startsWith(ref));
  if (prefixed.length === 1 && prefixed[0]) return { ok: true, value: prefixed[0] };
  if (prefixed.length > 1)
    return ambiguous(
      `"${ref}"`,
      prefixed.map((run) => run.id),
    );
  return { ok: false, reason: 'not_found', message: `There is no run "${ref}"; \`autoloop ls --all\` lists every run with its id and name` };
}

/** The approval request a person means by `ref`: its id or the start of it. Pure. */
export function resolveApprovalRef(approvals: ReadonlyArray<Approval>, ref: string): Resolved<Approval> {
  const exact = approvals.find((approval) => approval.id === ref);
  if (exact) return { ok: true, value: exact };
  const prefixed = approvals.filter((approval) => approval.id.startsWith(ref));
  if (prefixed.length === 1 && prefixed[0]) return { ok: true, value: prefixed[0] };
  if (prefixed.length > 1)
    return ambiguous(
      `"${ref}"`,
      prefixed.map((approval) => approval.id),
    );
  return { ok: false, reason: 'not_found', message: `There is no approval request "${ref}"; \`autoloop approvals\` lists the pending ones` };
}

/** The short form of an approval id shown in tables (a unique prefix is accepted back). */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
