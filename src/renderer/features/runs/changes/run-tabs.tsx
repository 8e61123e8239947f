import type { RunId } from '../../../../shared/records';
import { hrefFor } from '../../../app/routes';

/** Log or Changes, for a run in a worktree: two links, the current one marked, so Back and a shared address work. */
export function RunTabs({ runId, tab }: Readonly<{ runId: RunId; tab: 'log' | 'changes' }>) {
  return (
    <nav className="run-tabs" aria-label="Run views">
      <a href={hrefFor({ page: 'run', runId })} aria-current={tab === 'log' ? 'page' : undefined}>
        Log
      </a>
      <a
        href={hrefFor({ page: 'run', runId, tab: 'changes', iteration: null })}
        aria-current={tab === 'changes' ? 'page' : undefined}
        data-testid="changes-tab-link"
      >
        Changes
      </a>
    </nav>
  );
}
