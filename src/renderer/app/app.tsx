import { isActive } from '../../shared/records';
import { NoticeList } from '../features/notices/notice-list';
import { NewRunForm } from '../features/runs/new-run-form';
import { RunList } from '../features/runs/run-list';
import { RunView } from '../features/runs/run-view';
import { useRunsStore } from '../features/runs/runs-store';
import { useRunsLoader } from '../features/runs/use-runs-loader';
import { ConnectionBanner } from './connection-banner';
import { hrefFor, type Route } from './routes';
import { useRoute } from './use-route';

function NavLink({ route, current, label }: Readonly<{ route: Route; current: Route; label: string }>) {
  const isCurrent = route.page === current.page || (route.page === 'runs' && current.page === 'run');
  return (
    <a href={hrefFor(route)} aria-current={isCurrent ? 'page' : undefined}>
      {label}
    </a>
  );
}

function Page({ route, runsError }: Readonly<{ route: Route; runsError: string | null }>) {
  switch (route.page) {
    case 'runs':
      return <RunList loadError={runsError} />;
    case 'new':
      return <NewRunForm />;
    case 'run':
      return <RunView key={route.runId} runId={route.runId} />;
  }
}

/** The shell: header with the number of active runs, the side navigation, and the current page. */
export function App() {
  const route = useRoute();
  const runsError = useRunsLoader();
  const activeCount = useRunsStore((state) => Object.values(state.byId).filter((run) => isActive(run.status)).length);
  return (
    <div className="app">
      <header className="app-header">
        <a className="brand" href={hrefFor({ page: 'runs' })}>
          Autoloop
        </a>
        <span className="header-count" data-testid="running-count">
          {activeCount} running
        </span>
      </header>
      <ConnectionBanner />
      <div className="app-body">
        <nav className="sidebar" aria-label="Main">
          <NavLink route={{ page: 'runs' }} current={route} label="Runs" />
          <NavLink route={{ page: 'new' }} current={route} label="New run" />
        </nav>
        <main className="content">
          <NoticeList />
          <Page route={route} runsError={runsError} />
        </main>
      </div>
    </div>
  );
}
