import { isActive } from '../../shared/records';
import { ApprovalsPage } from '../features/approvals/approvals-page';
import { useApprovalsStore } from '../features/approvals/approvals-store';
import { usePendingApprovalsLoader } from '../features/approvals/use-approvals-loader';
import { NoticeList } from '../features/notices/notice-list';
import { NewRunForm } from '../features/runs/new-run-form';
import { RunList } from '../features/runs/run-list';
import { RunView } from '../features/runs/run-view';
import { useRunsStore } from '../features/runs/runs-store';
import { useRunsLoader } from '../features/runs/use-runs-loader';
import { ConnectionBanner } from './connection-banner';
import { hrefFor, type Route } from './routes';
import { useRoute } from './use-route';

function NavLink({ route, current, label, badge = 0 }: Readonly<{ route: Route; current: Route; label: string; badge?: number }>) {
  const isCurrent = route.page === current.page || (route.page === 'runs' && current.page === 'run');
  return (
    <a href={hrefFor(route)} aria-current={isCurrent ? 'page' : undefined}>
      {label}
      {badge > 0 && (
        <>
          <span className="nav-badge" data-testid="approvals-badge" aria-hidden="true">
            {badge}
          </span>
          <span className="visually-hidden"> ({badge} pending)</span>
        </>
      )}
    </a>
  );
}

type LoadErrors = Readonly<{ runs: string | null; approvals: string | null }>;

function Page({ route, errors }: Readonly<{ route: Route; errors: LoadErrors }>) {
  switch (route.page) {
    case 'runs':
      return <RunList loadError={errors.runs} />;
    case 'new':
      return <NewRunForm />;
    case 'run':
      return <RunView key={route.runId} runId={route.runId} />;
    case 'approvals':
      return <ApprovalsPage loadError={errors.approvals} />;
  }
}

/** "1 approval pending", "3 approvals pending". */
function pendingText(count: number): string {
  return `${count} ${count === 1 ? 'approval' : 'approvals'} pending`;
}

/** The shell: header with the number of active runs and pending approvals, the side navigation, and the current page. */
export function App() {
  const route = useRoute();
  const runsError = useRunsLoader();
  const approvalsError = usePendingApprovalsLoader();
  const activeCount = useRunsStore((state) => Object.values(state.byId).filter((run) => isActive(run.status)).length);
  const pendingCount = useApprovalsStore((state) => state.pendingIds.length);
  return (
    <div className="app">
      <header className="app-header">
        <a className="brand" href={hrefFor({ page: 'runs' })}>
          Autoloop
        </a>
        <span className="header-count" data-testid="running-count">
          {activeCount} running
        </span>
        <a
          className={`header-count${pendingCount > 0 ? ' header-attention' : ''}`}
          href={hrefFor({ page: 'approvals' })}
          data-testid="pending-approvals"
        >
          {pendingText(pendingCount)}
        </a>
      </header>
      <ConnectionBanner />
      <div className="app-body">
        <nav className="sidebar" aria-label="Main">
          <NavLink route={{ page: 'runs' }} current={route} label="Runs" />
          <NavLink route={{ page: 'new' }} current={route} label="New run" />
          <NavLink route={{ page: 'approvals' }} current={route} label="Approvals" badge={pendingCount} />
        </nav>
        <main className="content">
          <NoticeList />
          <Page route={route} errors={{ runs: runsError, approvals: approvalsError }} />
        </main>
      </div>
    </div>
  );
}
