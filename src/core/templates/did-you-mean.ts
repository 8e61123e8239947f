/** The Levenshtein edit distance between two strings (insertions, deletions and substitutions cost 1). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Names longer than this get no suggestion: nobody mistypes them, and comparing them costs their length squared. */
export const MAX_SUGGESTED_LENGTH = 64;
/** Only this many candidates are compared, so a template with thousands of params lints in linear time. */
export const MAX_SUGGESTION_CANDIDATES = 200;

/** The candidate closest to `word`, if it is close enough to be a likely typo; ties go to the first. */
export function closestMatch(word: string, candidates: ReadonlyArray<string>): string | null {
  if (word.length > MAX_SUGGESTED_LENGTH) return null;
  const lower = word.toLowerCase();
  // Short words get one edit, longer ones a third of their length; never a word that shares nothing.
  const limit = Math.min(word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3)), word.length - 1);
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of candidates.slice(0, MAX_SUGGESTION_CANDIDATES)) {
    // The distance is at least the difference in length: skip what cannot be close without comparing.
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= limit && (best === null || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate ?? null;
}

/** ` (did you mean "x"?)`, or nothing. */
export function didYouMean(word: string, candidates: ReadonlyArray<string>): string {
  const match = closestMatch(word, candidates);
  return match === null ? '' : ` (did you mean "${match}"?)`;
}
