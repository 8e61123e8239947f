import type { Run } from '../../../shared/records';
import { providerOfModel } from '../../../shared/providers';
import { hrefFor } from '../../app/routes';

/**
 * What to do about how a run ended, where a reason alone does not say: a run whose provider
 * refused the key links to that provider's settings (its form open), since no retry can help.
 */
export function RecoveryHint({ run }: Readonly<{ run: Pick<Run, 'stopReason' | 'model'> }>) {
  if (run.stopReason !== 'auth_failed') return null;
  const provider = providerOfModel(run.model);
  return (
    <p className="recovery-hint" data-testid="recovery-hint">
      Retrying cannot help until the key is fixed.{' '}
      {provider ? (
        <a href={hrefFor({ page: 'settings', provider })} data-testid="provider-settings-link">
          Check the key of {provider} in Settings
        </a>
      ) : (
        <a href={hrefFor({ page: 'settings' })}>Check the keys in Settings</a>
      )}
      , then resume the run: it goes on from its last iteration.
    </p>
  );
}
