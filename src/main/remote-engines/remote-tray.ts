import type { MenuItemConstructorOptions } from 'electron';
import type { Approval, Run, RunId } from '../../shared/records';
import { isCrashed } from '../../shared/run-actions';
import { isCutSummary } from '../../shared/summary-text';
import type { ShellState } from '../shell-state/shell-state';
import { MENU_TEXT_MAX, menuText } from '../tray/menu-text';
import { runCountsText, runStatusWords } from '../tray/tray-menu';
import { type LinkState, linkStateWords } from './link-state';

/** One remote engine as the tray sees it: its link and its last known runs and pending requests. */
export type RemoteTrayEngine = Readonly<{ name: string; link: LinkState; state: ShellState }>;

/** What the remote items do: each names the engine, so a decision goes to that engine and no other. */
export type RemoteTrayActions = Readonly<{
  openRun(engine: string, runId: RunId): void;
  decideApproval(engine: string, approvalId: string, decision: 'allow' | 'deny'): void;
  openEngines(): void;
}>;

/** "On box: …": how every remote item, notification and dialog names its engine. */
export function onEngine(engine: string, text: string): string {
  return `On ${engine}: ${text}`;
}

/** An engine's line may carry why its link is down: longer than a run's name. */
const HEADLINE_MAX = 120;

/** A run that needs a person: paused by its budget or an approval timeout, or crashed. */
function needsPerson(run: Run): boolean {
  return isCrashed(run) || (run.status === 'paused' && (run.pauseReason === 'budget' || run.pauseReason === 'approval_timeout'));
}

function approvalItem(engine: string, approval: Approval, run: Run | undefined, actions: RemoteTrayActions): MenuItemConstructorOptions {
  const runName = run?.name ?? 'A run';
  // As in the local menu: a summary the menu cannot show whole gets no one-click Allow.
  const allow: MenuItemConstructorOptions = isCutSummary(approval.summary, MENU_TEXT_MAX)
    ? { label: 'Review in the window…', click: () => actions.openRun(engine, approval.runId) }
    : { label: `Allow: ${menuText(approval.summary)}`, click: () => actions.decideApproval(engine, approval.id, 'allow') };
  return {
    label: menuText(onEngine(engine, `“${runName}” asks to use ${approval.tool}`)),
    submenu: [
      allow,
      { label: 'Deny', click: () => actions.decideApproval(engine, approval.id, 'deny') },
      { type: 'separator' },
      { label: 'Open', click: () => actions.openRun(engine, approval.runId) },
    ],
  };
}

/**
 * The tray's items for the remote engines: per engine a line with its runs (or its connection
 * state), then what needs a person there: each pending request (Allow / Deny decide on that
 * engine), runs paused by a budget or an approval timeout, crashed runs. A lost engine keeps its
 * last known runs: they go on there. Builds data only.
 */
export function remoteEngineTrayItems(engines: ReadonlyArray<RemoteTrayEngine>, actions: RemoteTrayActions): MenuItemConstructorOptions[] {
  if (engines.length === 0) return [];
  return [
    { type: 'separator' },
    ...engines.flatMap((engine): MenuItemConstructorOptions[] => {
      const { name, link, state } = engine;
      const headline =
        link.status === 'connected'
          ? onEngine(name, runCountsText(state.runs))
          : onEngine(name, `${linkStateWords(link)}${link.status === 'lost' && state.runs.length > 0 ? ` (last known: ${runCountsText(state.runs)})` : ''}`);
      const byId = new Map(state.runs.map((run) => [run.id, run]));
      return [
        link.status === 'refused'
          ? { label: menuText(headline, HEADLINE_MAX), click: actions.openEngines }
          : { label: menuText(headline, HEADLINE_MAX), enabled: false },
        ...state.approvals.map((approval) => approvalItem(name, approval, byId.get(approval.runId), actions)),
        ...state.runs
          .filter(needsPerson)
          .map((run) => ({ label: menuText(onEngine(name, `“${run.name}” ${runStatusWords(run)}`)), click: () => actions.openRun(name, run.id) })),
      ];
    }),
  ];
}
