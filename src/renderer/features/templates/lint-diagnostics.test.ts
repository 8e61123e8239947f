import { describe, expect, it } from 'vitest';
import type { LintFinding } from '../../../shared/templates';
import { findingsToDiagnostics, unknownParamNames } from './lint-diagnostics';

const finding = (line: number, column: number, overrides: Partial<LintFinding> = {}): LintFinding => ({
  severity: 'error',
  line,
  column,
  message: 'problem',
  code: 'unknown-placeholder',
  ...overrides,
});

describe('findingsToDiagnostics', () => {
  const text = '---\nname: demo\n---\nCount to {{targett}} now.\n';

  it('marks the word at the finding’s line and column', () => {
    const [diagnostic] = findingsToDiagnostics(text, [finding(4, 10)]);
    expect(diagnostic).toEqual({ from: 28, to: 39, severity: 'error', message: 'problem', source: 'unknown-placeholder' });
    expect(text.slice(diagnostic?.from, diagnostic?.to)).toBe('{{targett}}');
  });

  it('marks the whole line for a finding at column 1', () => {
    const [diagnostic] = findingsToDiagnostics(text, [finding(2, 1, { severity: 'warning' })]);
    expect(text.slice(diagnostic?.from, diagnostic?.to)).toBe('name: demo');
    expect(diagnostic?.severity).toBe('warning');
  });

  it('keeps a stale position inside the document', () => {
    const [diagnostic] = findingsToDiagnostics('short', [finding(9, 40)]);
    expect(diagnostic).toMatchObject({ from: 5, to: 5 });
  });
});

describe('unknownParamNames', () => {
  it('reads the names of the undeclared placeholders lint found, and nothing from other findings', () => {
    const text = '---\nname: demo\n---\nCount to {{targett}} and {{ other }} now.\n';
    const found = unknownParamNames(text, [finding(4, 10), finding(4, 26), finding(2, 1, { code: 'unused-param' })]);
    expect([...found]).toEqual(['targett', 'other']);
  });
});
