import type { GuidanceNote } from '../../shared/verify';

/** Guidance from people, in the order they sent it, as the agent reads it. */
export function describeGuidance(notes: ReadonlyArray<GuidanceNote>): string | null {
  if (notes.length === 0) return null;
  const lines = notes.map((note, index) => `${notes.length > 1 ? `${index + 1}. ` : ''}${note.text}`);
  return [
    `Guidance from the person running this program (${notes.length === 1 ? 'a note' : `${notes.length} notes, oldest first`}); follow it:`,
    ...lines,
  ].join('\n');
}

/**
 * What opens an iteration's prompt before its usual words: the verification failure the last
 * iteration left, then the guidance delivered at this iteration's gate. Null when there is neither.
 */
export function iterationNotes(verifyFailure: string | null, guidance: ReadonlyArray<GuidanceNote>): string | null {
  const parts = [verifyFailure, describeGuidance(guidance)].filter((part): part is string => part !== null);
  return parts.length === 0 ? null : parts.join('\n\n');
}

/** The iteration's prompt with its notes in front. */
export function withIterationNotes(prompt: string, notes: string | null): string {
  return notes === null ? prompt : `${notes}\n\n${prompt}`;
}
