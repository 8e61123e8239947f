import { useApiClient } from '../../../api/api-context';
import { navigate } from '../../../app/use-route';
import { FileImportButton } from '../../../ui/file-import-button';
import { receiveNotice } from '../../notices/notices-store';
import { readBundleText } from '../run-bundle-file';
import { receiveRunFetched, runsStore } from '../runs-store';

/** "Import run…": pick an exported bundle file; the engine checks it and adds the run, which then opens. */
export function ImportRunButton() {
  const api = useApiClient();
  const importFile = async (file: File): Promise<void> => {
    const read = readBundleText(file.name, await file.text());
    if (!read.ok) throw new Error(read.message);
    const askedAt = runsStore.getState().pushCount;
    const { run, renamedFrom } = await api.call('runs.import', { bundle: read.bundle });
    receiveRunFetched(run, askedAt);
    if (renamedFrom !== null) {
      receiveNotice({ level: 'info', message: `Imported "${run.name}" as ${run.id}: a run with the id ${renamedFrom} was already here.` });
    }
    navigate({ page: 'run', runId: run.id });
  };
  return (
    <FileImportButton
      label="Import run…"
      accept=".json,application/json"
      inputLabel="Run bundle file to import"
      testId="import-run-file"
      className="import-run"
      importFile={importFile}
    />
  );
}
