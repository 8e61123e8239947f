import { useEffect, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import type { WorktreesUsage } from '../../../shared/records';
import { useApiClient } from '../../api/api-context';
import { formatBytes } from '../../ui/format';

/** Pure: "3 worktrees, 12.4 MB" (or "No worktrees"). */
export function describeWorktreesUsage(usage: Pick<WorktreesUsage, 'count' | 'bytes'>): string {
  if (usage.count === 0) return `No worktrees (${formatBytes(usage.bytes)})`;
  return `${usage.count} ${usage.count === 1 ? 'worktree' : 'worktrees'}, ${formatBytes(usage.bytes)}`;
}

/** Settings → Data: how much disk the runs' worktrees take, and the folders in it that belong to no run. */
export function WorktreesUsageLine() {
  const api = useApiClient();
  const [usage, setUsage] = useState<WorktreesUsage | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    api.call('system.worktrees', {}).then(
      (answer) => isCurrent && setUsage(answer),
      (failure: unknown) => isCurrent && setError(`Could not measure the worktrees: ${messageOf(failure)}`),
    );
    return () => {
      isCurrent = false;
    };
  }, [api]);
  return (
    <div>
      <dt>Worktrees</dt>
      <dd data-testid="worktrees-usage">
        {usage === null ? (
          (error ?? '…')
        ) : (
          <>
            {describeWorktreesUsage(usage)} <span className="muted mono">in {usage.folder}</span>
            <span className="muted">
              {' '}
              · an ended run’s worktree with nothing unmerged is removed after {usage.retentionDays} {usage.retentionDays === 1 ? 'day' : 'days'}
            </span>
            {usage.orphans.length > 0 && (
              <span className="severity-warning" title={usage.orphans.join('\n')}>
                {' '}
                · {usage.orphans.length} {usage.orphans.length === 1 ? 'folder belongs' : 'folders belong'} to no run: look inside, then remove by hand
              </span>
            )}
          </>
        )}
      </dd>
    </div>
  );
}
