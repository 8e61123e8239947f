import { describe, expect, it } from 'vitest';
import { createPalette } from '../terminal-output';
import { describeProblems, formatFinding } from './templates-command';

describe('template problems in words', () => {
  it('counts errors and warnings for the table, and says nothing when there are none', () => {
    expect(describeProblems({ errors: 2, warnings: 1 })).toBe('2 errors, 1 warning');
    expect(describeProblems({ errors: 0, warnings: 0 })).toBe('');
    expect(describeProblems({})).toBe('');
  });
  it('prints a finding the way compilers do, so editors can jump to it', () => {
    const finding = { severity: 'error', line: 6, column: 5, message: '{{b}} has no param of that name', code: 'unknown-placeholder' } as const;
    expect(formatFinding('t.md', finding, createPalette(false))).toBe('t.md:6:5 error {{b}} has no param of that name (unknown-placeholder)');
  });
});
