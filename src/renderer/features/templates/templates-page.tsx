import { useState } from 'react';
import type { TemplateSummary } from '../../../shared/templates';
import { hrefFor } from '../../app/routes';
import { ImportTemplateButton } from './import-template-button';
import { NewTemplateForm } from './new-template-form';
import { useTemplatesStore } from './templates-store';
import { useTemplatesLoader } from './use-templates-loader';

/** "Built-in" or "Yours". */
export function SourceBadge({ source }: Readonly<{ source: TemplateSummary['source'] }>) {
  return <span className={`badge badge-${source}`}>{source === 'builtin' ? 'Built-in' : 'Yours'}</span>;
}

function LintCounts({ template }: Readonly<{ template: TemplateSummary }>) {
  const errors = template.errors ?? 0;
  const warnings = template.warnings ?? 0;
  if (errors === 0 && warnings === 0) return null;
  return (
    <span className={errors > 0 ? 'lint-count lint-count-error' : 'lint-count'}>
      {errors > 0 && `${errors} ${errors === 1 ? 'error' : 'errors'}`}
      {errors > 0 && warnings > 0 && ', '}
      {warnings > 0 && `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`}
    </span>
  );
}

/** Every template, built-in first, with its description, params, model and lint state. */
export function TemplatesPage() {
  const loadError = useTemplatesLoader();
  const names = useTemplatesStore((state) => state.names);
  const byName = useTemplatesStore((state) => state.byName);
  const isLoaded = useTemplatesStore((state) => state.loaded);
  const [isCreating, setCreating] = useState(false);

  return (
    <section className="page" aria-labelledby="templates-heading">
      <div className="page-header">
        <h1 id="templates-heading">Templates</h1>
        <div className="page-actions">
          <button type="button" onClick={() => setCreating(true)} disabled={isCreating}>
            New template
          </button>
          <ImportTemplateButton />
        </div>
      </div>
      {isCreating && <NewTemplateForm onCancel={() => setCreating(false)} />}
      {loadError && (
        <p role="alert" className="alert">
          {loadError}
        </p>
      )}
      {!isLoaded && !loadError && <p className="muted">Loading templates…</p>}
      <ul className="template-list" aria-label="Templates" data-testid="template-list">
        {names.map((name) => {
          const template = byName[name];
          if (!template) return null;
          const params = Object.keys(template.params);
          return (
            <li key={name} className="template-card" data-testid={`template-${name}`}>
              <div className="template-card-head">
                <h2>
                  <a href={hrefFor({ page: 'template', name })}>{name}</a>
                </h2>
                <SourceBadge source={template.source} />
                <LintCounts template={template} />
              </div>
              <p>{template.description || <span className="muted">No description.</span>}</p>
              <p className="muted template-meta">
                {params.length === 0 ? 'No params' : `Params: ${params.join(', ')}`}
                {template.model ? ` · Model: ${template.model}` : ''}
                {template.demoModel ? ' · Has a scripted demo' : ''}
              </p>
              <div className="template-card-actions">
                {(template.errors ?? 0) > 0 ? (
                  <span className="muted">Fix its errors to run it.</span>
                ) : (
                  <a className="button-link button-small" href={hrefFor({ page: 'new', template: name })} aria-label={`Run ${name}`}>
                    Run
                  </a>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
