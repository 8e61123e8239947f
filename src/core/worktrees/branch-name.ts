/** The most characters of a run's name its branch keeps. */
const MAX_SLUG = 40;

/**
 * A run name as a branch name's part: lower-case letters, digits and single dashes, never empty and never starting
 * with a dash, so no name a person or a template gives can become a git option or an invalid ref.
 */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
  return slug || 'run';
}

/** The run's branch: `autoloop/<slug of its name>-<short id>` (the short id: six characters of the run id). */
export function runBranchName(runName: string, runId: string): string {
  const shortId = runId
    .replace(/^r/, '')
    .slice(0, 6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x');
  return `autoloop/${slugOf(runName)}-${shortId}`;
}
