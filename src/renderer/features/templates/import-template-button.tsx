import { type ChangeEvent, useRef, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import { ApiCallError } from '../../api/api-call-error';
import { useApiClient } from '../../api/api-context';
import { navigate } from '../../app/use-route';
import { templateNameFromFile } from './template-file';
import { refreshTemplates } from './use-templates-loader';

const NEEDS_NAME = (error: unknown): boolean =>
  error instanceof ApiCallError && error.code === 'invalid_input' && typeof error.details === 'object' && error.details !== null && 'field' in error.details;

/** "Import template…": adds a `.md` file as a user template (named by its front-matter, else by the file) and opens it. */
export function ImportTemplateButton() {
  const api = useApiClient();
  const input = useRef<HTMLInputElement>(null);
  const [isImporting, setImporting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const importFile = async (file: File): Promise<void> => {
    setError(null);
    setImporting(true);
    try {
      const text = await file.text();
      const fromFile = templateNameFromFile(file.name);
      const saved = await api.call('templates.import', { text }).catch((failure: unknown) => {
        // A file without `name:` in its front-matter takes its file's name.
        if (NEEDS_NAME(failure) && fromFile !== null) return api.call('templates.import', { text, name: fromFile });
        throw failure;
      });
      await refreshTemplates(api);
      navigate({ page: 'template', name: saved.summary.name });
    } catch (failure) {
      setError(`Could not import ${file.name}: ${messageOf(failure)}`);
    } finally {
      setImporting(false);
    }
  };

  const onChange = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) void importFile(file);
  };

  return (
    <div className="import-run">
      <button type="button" onClick={() => input.current?.click()} disabled={isImporting}>
        {isImporting ? 'Importing…' : 'Import template…'}
      </button>
      <input
        ref={input}
        type="file"
        accept=".md,.markdown,text/markdown,text/plain"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Template file to import"
        data-testid="import-template-file"
        onChange={onChange}
      />
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
    </div>
  );
}
