import { describe, expect, it } from 'vitest';
import { iterationNotes, withIterationNotes } from './iteration-notes';
import { tailOf } from './run-verify-command';

describe('iterationNotes', () => {
  it('puts the verification failure first, then the guidance in the order it was sent', () => {
    const notes = iterationNotes('Verification failed: `npm test` — exit code 1.', [
      { id: 1, text: 'Fix the parser first.', by: 'user' },
      { id: 2, text: 'Then the docs.', by: 'user' },
    ]);
    expect(notes).toBe(
      'Verification failed: `npm test` — exit code 1.\n\nGuidance from the person running this program (2 notes, oldest first); follow it:\n1. Fix the parser first.\n2. Then the docs.',
    );
    expect(withIterationNotes('Continue with the next iteration of the program.', notes)).toMatch(
      /^Verification failed: .*\n\nContinue with the next iteration/s,
    );
  });

  it('leaves the prompt as it was when there is nothing to add', () => {
    expect(iterationNotes(null, [])).toBeNull();
    expect(withIterationNotes('Begin the program.', null)).toBe('Begin the program.');
  });
});

describe('tailOf', () => {
  it('keeps the end of a long output within the byte limit, on a whole character, saying the start was left out', () => {
    const output = `${'é'.repeat(3_000)}\nthe end`;
    const tail = tailOf(output, 100);
    expect(Buffer.byteLength(tail)).toBeLessThanOrEqual(100);
    expect(tail).toMatch(/^\[… earlier output left out\]\n/);
    expect(tail.endsWith('\nthe end')).toBe(true);
    expect(tail).not.toContain('\uFFFD');
    expect(tailOf('short')).toBe('short');
  });
});
