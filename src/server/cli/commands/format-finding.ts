import type { LintFinding } from '../../../shared/templates';
import type { Palette } from '../terminal-output';

/** One finding as a compiler-style line: `file:line:column severity message (code)`. Pure. */
export function formatFinding(where: string, finding: LintFinding, paint: Palette): string {
  const severity = finding.severity === 'error' ? paint.red('error') : paint.yellow('warning');
  return `${where}:${finding.line}:${finding.column} ${severity} ${finding.message} ${paint.dim(`(${finding.code})`)}`;
}
