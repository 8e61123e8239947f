import { useEffect, useState } from 'react';
import type { SystemInfo } from '../../../shared/api';
import { messageOf } from '../../../shared/errors';
import { WorktreesUsageLine } from './worktrees-usage';
import { useApiClient } from '../../api/api-context';
import { formatBytes } from '../../ui/format';
import { TextField } from '../../ui/text-field';
import { SettingsSection } from './settings-section';
import type { SettingsPageSave } from './use-settings-page-draft';

type Outcome = Readonly<{ ok: boolean; message: string }>;

/** The database's maintenance: check its integrity, compact it. */
function Maintenance() {
  const api = useApiClient();
  const [busy, setBusy] = useState<'check' | 'compact' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const run = async (what: 'check' | 'compact'): Promise<void> => {
    setBusy(what);
    setOutcome(null);
    try {
      if (what === 'check') {
        const result = await api.call('system.checkIntegrity', {});
        setOutcome({ ok: result.ok, message: result.ok ? 'The database is intact.' : `Problems found:\n${result.problems.join('\n')}` });
      } else {
        const result = await api.call('system.compact', {});
        setOutcome({ ok: true, message: `Compacted: ${formatBytes(result.beforeBytes)} before, ${formatBytes(result.afterBytes)} after.` });
      }
    } catch (failure) {
      setOutcome({ ok: false, message: `Could not ${what === 'check' ? 'check' : 'compact'} the database: ${messageOf(failure)}` });
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="maintenance">
      <div className="form-actions">
        <button type="button" onClick={() => void run('check')} disabled={busy !== null}>
          {busy === 'check' ? 'Checking…' : 'Check integrity'}
        </button>
        <button type="button" onClick={() => void run('compact')} disabled={busy !== null}>
          {busy === 'compact' ? 'Compacting…' : 'Compact'}
        </button>
      </div>
      {outcome && (
        <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'note' : 'alert'} data-testid="maintenance-outcome">
          {outcome.message}
        </p>
      )}
    </div>
  );
}

/** Where Autoloop keeps its data, how long run logs are kept, and the database's maintenance. */
export function DataSection({ page }: Readonly<{ page: SettingsPageSave }>) {
  const api = useApiClient();
  const [info, setInfo] = useState<SystemInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const draft = page.draft.retention;
  const { errors } = page;
  useEffect(() => {
    let isCurrent = true;
    api.call('system.info', {}).then(
      (answer) => isCurrent && setInfo(answer),
      (failure: unknown) => isCurrent && setInfoError(`Could not read the data folder: ${messageOf(failure)}`),
    );
    return () => {
      isCurrent = false;
    };
  }, [api]);
  return (
    <SettingsSection id="settings-data" title="Data" description="Run logs over these limits lose their oldest events; a marker in the log says so.">
      <dl className="facts">
        <div>
          <dt>Data folder</dt>
          <dd className="mono" data-testid="data-folder">
            {info?.dataDir ?? infoError ?? '…'}
          </dd>
        </div>
        <WorktreesUsageLine />
        {info && (
          <div>
            <dt>Version</dt>
            <dd>
              {info.version} ({info.shell})
            </dd>
          </div>
        )}
      </dl>
      <div className="limit-fields">
        <TextField
          id="retention-perRunMaxMib"
          label="Log kept per run (MiB)"
          value={draft.perRunMaxMib}
          inputMode="decimal"
          error={errors.perRunMaxMib}
          onChange={(value) => page.change('retention', { perRunMaxMib: value })}
        />
        <TextField
          id="retention-maxAgeDays"
          label="Keep logs of ended runs (days)"
          value={draft.maxAgeDays}
          inputMode="numeric"
          error={errors.maxAgeDays}
          onChange={(value) => page.change('retention', { maxAgeDays: value })}
        />
      </div>
      <Maintenance />
    </SettingsSection>
  );
}
