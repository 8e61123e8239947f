import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import type { LintFinding, TemplateDetail, TemplateSaved } from '../../../shared/templates';
import { ApiCallError } from '../../api/api-call-error';
import { useApiClient } from '../../api/api-context';
import { useLeaveGuard } from '../../app/leave-guard';
import { hrefFor } from '../../app/routes';
import { CodeEditor, type CodeEditorHandle } from './code-editor';
import { findingsToDiagnostics, unknownParamNames } from './lint-diagnostics';
import { MarkdownPreview } from './markdown-preview';
import { TemplateActions } from './template-actions';
import { TemplateFindings } from './template-findings';
import { TemplateRevisions } from './template-revisions';
import { SourceBadge } from './templates-page';
import { useTemplateLint } from './use-template-lint';

type Loaded = Readonly<{ detail: TemplateDetail; savedText: string }>;

const NO_FINDINGS: ReadonlyArray<LintFinding> = [];

/** Loads one template; `error` says why when it cannot. */
function useTemplateDetail(name: string): Readonly<{ loaded: Loaded | null; error: string | null; setLoaded(loaded: Loaded): void }> {
  const api = useApiClient();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    api.call('templates.get', { name }).then(
      (detail) => isCurrent && setLoaded({ detail, savedText: detail.text }),
      (failure: unknown) => {
        if (!isCurrent) return;
        const isMissing = failure instanceof ApiCallError && failure.code === 'not_found';
        setError(isMissing ? `There is no template called ${name}.` : `Could not load the template: ${messageOf(failure)}`);
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [api, name]);
  return { loaded, error, setLoaded };
}

/** One template: CodeMirror with live lint, a rendered preview, its problems, revisions with a diff, and its actions. */
export function TemplateEditorPage({ name }: Readonly<{ name: string }>) {
  const api = useApiClient();
  const { loaded, error, setLoaded } = useTemplateDetail(name);
  const [text, setText] = useState<string | null>(null);
  const [revisionsKey, setRevisionsKey] = useState(0);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const editor = useRef<CodeEditorHandle>(null);
  const current = text ?? loaded?.savedText ?? '';
  const isUser = loaded?.detail.summary.source === 'user';
  const lint = useTemplateLint(current, name, loaded?.detail.findings ?? NO_FINDINGS, isUser && text !== null);
  const diagnostics = useMemo(() => findingsToDiagnostics(current, lint.findings), [current, lint.findings]);
  const unknownParams = useMemo(() => unknownParamNames(current, lint.findings), [current, lint.findings]);
  const isDirty = loaded !== null && current !== loaded.savedText;
  // Leaving the editor (a link, a shortcut, Back) or closing the tab with unsaved edits asks first.
  useLeaveGuard(isDirty ? `your changes to the template ${name}` : null);

  const onSaved = useCallback(
    (saved: TemplateSaved, savedText: string) => {
      if (!loaded) return;
      setLoaded({ detail: { ...loaded.detail, summary: saved.summary, revision: saved.revision, findings: saved.findings, text: savedText }, savedText });
      setRevisionsKey((key) => key + 1);
    },
    [loaded, setLoaded],
  );
  const goTo = (finding: LintFinding): void => {
    const [diagnostic] = findingsToDiagnostics(current, [finding]);
    if (diagnostic) editor.current?.goTo(diagnostic.from);
  };
  const restore = async (revision: string): Promise<void> => {
    setRestoreError(null);
    try {
      setText((await api.call('templates.get', { name, revision })).text);
    } catch (failure) {
      setRestoreError(`Could not load that revision: ${messageOf(failure)}`);
    }
  };

  if (error) {
    return (
      <section className="page">
        <p role="alert" className="alert">
          {error}
        </p>
        <a href={hrefFor({ page: 'templates' })}>Back to the templates</a>
      </section>
    );
  }
  if (!loaded) return <p className="muted">Loading the template…</p>;
  const { summary } = loaded.detail;

  return (
    <section className="page template-page" aria-labelledby="template-heading">
      <div className="run-head">
        <div className="run-summary">
          <div className="run-title">
            <h1 id="template-heading">{summary.name}</h1>
            <SourceBadge source={summary.source} />
            {isDirty && (
              <span className="badge badge-dirty" data-testid="template-dirty">
                Unsaved changes
              </span>
            )}
          </div>
          <p className="muted">{summary.description}</p>
        </div>
        <TemplateActions summary={summary} text={current} isDirty={isDirty} onSaved={onSaved} />
      </div>
      {!isUser && <p className="note">Built-in templates cannot be changed here. Duplicate it to your templates to edit a copy.</p>}
      {restoreError && (
        <p role="alert" className="alert">
          {restoreError}
        </p>
      )}
      <div className="editor-split">
        <section className="panel" aria-labelledby="program-heading">
          <h2 id="program-heading">Program</h2>
          <CodeEditor ref={editor} value={current} isReadOnly={!isUser} diagnostics={diagnostics} label={`Template ${summary.name}`} onChange={setText} />
        </section>
        <section className="panel" aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview</h2>
          <MarkdownPreview text={current} unknownParams={unknownParams} />
        </section>
      </div>
      <TemplateFindings findings={lint.findings} error={lint.error} onGoTo={goTo} />
      <TemplateRevisions name={name} refreshKey={revisionsKey} onRestore={isUser ? (revision) => void restore(revision) : undefined} />
    </section>
  );
}
