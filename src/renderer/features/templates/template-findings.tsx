import type { LintFinding } from '../../../shared/templates';

/** The lint findings as a list; choosing one moves the editor's cursor there. */
export function TemplateFindings({ findings, error, onGoTo }: Readonly<{ findings: ReadonlyArray<LintFinding>; error: string | null; onGoTo(finding: LintFinding): void }>) {
  return (
    <section className="panel" aria-labelledby="findings-heading">
      <h2 id="findings-heading">
        Problems <span className="muted">({findings.length})</span>
      </h2>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      {findings.length === 0 ? (
        <p className="muted" data-testid="template-findings-none">
          No problems found.
        </p>
      ) : (
        <ul className="finding-list" data-testid="template-findings">
          {findings.map((finding, index) => (
            <li key={`${finding.line}:${finding.column}:${index}`} className={`finding finding-${finding.severity}`}>
              <button type="button" className="button-link-plain" onClick={() => onGoTo(finding)}>
                <span className={`severity severity-${finding.severity}`}>{finding.severity}</span> Line {finding.line}, column {finding.column}:
              </button>{' '}
              {finding.message} <span className="muted mono">({finding.code})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
