import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { isActive } from '../../shared/records';
import { ApprovalsPage } from '../features/approvals/approvals-page';
import { useApprovalsStore } from '../features/approvals/approvals-store';
import { usePendingApprovalsLoader } from '../features/approvals/use-approvals-loader';
import { NoticeList } from '../features/notices/notice-list';
import { NewRunForm } from '../features/runs/new-run/new-run-form';
import { RunList } from '../features/runs/list/run-list';
import { RunView } from '../features/runs/detail/run-view';
import { useRunsStore } from '../features/runs/runs-store';
import { useRunsLoader } from '../features/runs/list/use-runs-loader';
import { ScheduleForm } from '../features/schedules/schedule-form';
import { SchedulePage } from '../features/schedules/schedule-page';
import { SchedulesPage } from '../features/schedules/schedules-page';
import { SettingsPage } from '../features/settings/settings-page';
import { useSettingsLoader } from '../features/settings/use-settings-loader';
import { TemplatesPage } from '../features/templates/templates-page';
import { isDisconnected, useConnectionStore } from '../api/connection-store';
import { ConnectionBanner } from './connection-banner';
import { HeaderSpend } from './header-spend';
import { HeaderConnectionWarning } from './header-connection-warning';
import { EngineSwitcher } from './engine-switcher';
import { HelpOverlay } from './help-overlay';
import { LeaveGuardDialog } from './leave-guard-dialog';
import { hrefFor, type Route, type Section, sectionOf } from './routes';
import { useAttentionTitle } from './use-attention-title';
import { useGlobalShortcuts } from './use-global-shortcuts';
import { useRoute } from './use-route';

// CodeMirror is most of the bundle and only the template editor needs it: load it on first use.
const TemplateEditorPage = lazy(() => import('../features/templates/template-editor-page').then((module) => ({ default: module.TemplateEditorPage })));

/**
 * One sidebar link: an icon (decoration) and its label, which narrow windows hide visually (the sidebar
 * shrinks to icons; the label stays the link's name and its tooltip).
 */
function NavLink({ route, current, label, icon, badge = 0 }: Readonly<{ route: Route; current: Section; label: string; icon: string; badge?: number }>) {
  return (
    <a href={hrefFor(route)} aria-current={sectionOf(route) === current ? 'page' : undefined} title={label}>
      <span className="nav-icon" aria-hidden="true">
        {icon}
      </span>
      <span className="nav-label">{label}</span>
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
      return (
        <NewRunForm
          key={hrefFor(route)}
          origin={{ template: 'template' in route ? route.template : null, againRunId: 'againRunId' in route ? route.againRunId : null }}
        />
      );
    case 'run':
      return 'tab' in route ? (
        <RunView key={route.runId} runId={route.runId} tab="changes" iteration={route.iteration} />
      ) : (
        <RunView key={route.runId} runId={route.runId} />
      );
    case 'approvals':
      return <ApprovalsPage loadError={errors.approvals} />;
    case 'templates':
      return <TemplatesPage />;
    case 'template':
      return (
        <Suspense fallback={<p className="muted">Loading the editor…</p>}>
          <TemplateEditorPage key={route.name} name={route.name} />
        </Suspense>
      );
    case 'schedules':
      return <SchedulesPage />;
    case 'schedule':
      return <SchedulePage key={route.id} id={route.id} />;
    case 'schedule-form':
      return <ScheduleForm key={route.id ?? 'new'} id={route.id} />;
    case 'settings':
      return 'provider' in route ? <SettingsPage key={route.provider} provider={route.provider} /> : <SettingsPage />;
  }
}

/** "1 approval pending", "3 approvals pending". */
function pendingText(count: number): string {
  return `${count} ${count === 1 ? 'approval' : 'approvals'} pending`;
}

/** The shell: a header with active runs, pending approvals and today's spend, the side navigation, the page, and the shortcuts. */
export function App() {
  const route = useRoute();
  const section = sectionOf(route);
  const runsError = useRunsLoader();
  const approvalsError = usePendingApprovalsLoader();
  useSettingsLoader();
  const activeCount = useRunsStore((state) => Object.values(state.byId).filter((run) => isActive(run.status)).length);
  const pendingCount = useApprovalsStore((state) => state.pendingIds.length);
  const isStale = useConnectionStore(isDisconnected);
  const [isHelpOpen, setHelpOpen] = useState(false);
  // The drawer of narrow windows: open from the header's Menu, closed by any move to another page.
  const [isNavOpen, setNavOpen] = useState(false);
  const href = hrefFor(route);
  useEffect(() => setNavOpen(false), [href]);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useGlobalShortcuts(openHelp);
  useAttentionTitle();

  return (
    <div className={`app${isStale ? ' app-disconnected' : ''}${isNavOpen ? ' app-nav-open' : ''}`} data-testid="app">
      <header className="app-header">
        <button type="button" className="button-small nav-toggle" aria-expanded={isNavOpen} aria-controls="main-nav" onClick={() => setNavOpen(!isNavOpen)}>
          Menu
        </button>
        <a className="brand" href={hrefFor({ page: 'runs' })}>
          Autoloop
        </a>
        <EngineSwitcher />
        <span className="header-count" data-testid="running-count">
          {activeCount} running
        </span>
        <a className={`header-count${pendingCount > 0 ? ' header-attention' : ''}`} href={hrefFor({ page: 'approvals' })} data-testid="pending-approvals">
          {pendingText(pendingCount)}
        </a>
        <HeaderConnectionWarning />
        <HeaderSpend />
      </header>
      <ConnectionBanner />
      <div className="app-body">
        <nav className="sidebar" aria-label="Main" id="main-nav">
          <NavLink route={{ page: 'runs' }} current={section} label="Runs" icon="≡" />
          <NavLink route={{ page: 'new' }} current={section} label="New run" icon="+" />
          <NavLink route={{ page: 'templates' }} current={section} label="Templates" icon="▤" />
          <NavLink route={{ page: 'schedules' }} current={section} label="Schedules" icon="◷" />
          <NavLink route={{ page: 'approvals' }} current={section} label="Approvals" icon="✓" badge={pendingCount} />
          <NavLink route={{ page: 'settings' }} current={section} label="Settings" icon="⚙" />
          <button type="button" className="sidebar-help button-small" onClick={openHelp} title="Shortcuts">
            <span className="nav-label">Shortcuts </span>
            <kbd aria-hidden="true">?</kbd>
          </button>
        </nav>
        <main className="content">
          <NoticeList />
          <Page route={route} errors={{ runs: runsError, approvals: approvalsError }} />
        </main>
      </div>
      <HelpOverlay isOpen={isHelpOpen} onClose={() => setHelpOpen(false)} />
      <LeaveGuardDialog />
    </div>
  );
}
