/**
 * Whether a rule pattern matches a subject: `*` is any text, `?` one character, the rest literal, whole string.
 * No regex: the classic two-pointer match with one saved star, O(pattern × subject) at worst and linear in the
 * subject for a fixed pattern, so a long model-written subject cannot make it backtrack.
 */
export function matchesWildcard(pattern: string, subject: string): boolean {
  let p = 0;
  let s = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (s < subject.length) {
    const char = pattern[p];
    if (char === '*') {
      starAt = p;
      resumeAt = s;
      p += 1;
    } else if (char !== undefined && (char === '?' || char === subject[s])) {
      p += 1;
      s += 1;
    } else if (starAt !== -1) {
      p = starAt + 1;
      resumeAt += 1;
      s = resumeAt;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}
