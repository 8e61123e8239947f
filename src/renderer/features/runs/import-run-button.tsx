import { type ChangeEvent, useRef, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import { useApiClient } from '../../api/api-context';
import { navigate } from '../../app/use-route';
import { receiveNotice } from '../notices/notices-store';
import { readBundleText } from './run-bundle-file';
import { receiveRunFetched, runsStore } from './runs-store';

/** "Import run…": pick an exported bundle file; the engine checks it and adds the run, which then opens. */
export function ImportRunButton() {
  const api = useApiClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [isImporting, setImporting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const importFile = async (file: File): Promise<void> => {
    setError(null);
    setImporting(true);
    try {
      const read = readBundleText(file.name, await file.text());
      if (!read.ok) {
        setError(read.message);
        return;
      }
      const askedAt = runsStore.getState().pushCount;
      const { run, renamedFrom } = await api.call('runs.import', { bundle: read.bundle });
      receiveRunFetched(run, askedAt);
      if (renamedFrom !== null) {
        receiveNotice({ level: 'info', message: `Imported "${run.name}" as ${run.id}: a run with the id ${renamedFrom} was already here.` });
      }
      navigate({ page: 'run', runId: run.id });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setImporting(false);
    }
  };

  const onChange = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    // Cleared so that choosing the same file again (after fixing it) fires another change.
    event.target.value = '';
    if (file) void importFile(file);
  };

  return (
    <div className="import-run">
      <button type="button" onClick={() => fileInput.current?.click()} disabled={isImporting}>
        {isImporting ? 'Importing…' : 'Import run…'}
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Run bundle file to import"
        data-testid="import-run-file"
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
