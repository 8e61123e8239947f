import { ApiCallError } from '../../api/api-call-error';
import { useApiClient } from '../../api/api-context';
import { navigate } from '../../app/use-route';
import { FileImportButton } from '../../ui/file-import-button';
import { templateNameFromFile } from './template-file';
import { refreshTemplates } from './use-templates-loader';

const NEEDS_NAME = (error: unknown): boolean =>
  error instanceof ApiCallError && error.code === 'invalid_input' && typeof error.details === 'object' && error.details !== null && 'field' in error.details;

/** "Import template…": adds a `.md` file as a user template (named by its front-matter, else by the file) and opens it. */
export function ImportTemplateButton() {
  const api = useApiClient();
  const importFile = async (file: File): Promise<void> => {
    const text = await file.text();
    const fromFile = templateNameFromFile(file.name);
    const saved = await api.call('templates.import', { text }).catch((failure: unknown) => {
      // A file without `name:` in its front-matter takes its file's name.
      if (NEEDS_NAME(failure) && fromFile !== null) return api.call('templates.import', { text, name: fromFile });
      throw failure;
    });
    await refreshTemplates(api);
    navigate({ page: 'template', name: saved.summary.name });
  };
  return (
    <FileImportButton
      label="Import template…"
      accept=".md,.markdown,text/markdown,text/plain"
      inputLabel="Template file to import"
      testId="import-template-file"
      className="import-run"
      importFile={importFile}
      describeError={(file, message) => `Could not import ${file.name}: ${message}`}
    />
  );
}
