import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { Run } from '../../shared/records';
import { buildRun } from '../../shared/testing/build-run';
import { EMPTY_SHELL_STATE, shellStateFrom } from '../shell-state/shell-state';
import { buildApproval } from '../testing/build-approval';
import { type TrayActions, buildTrayMenu, runCountsText, runStatusWords, showsWindowOnTrayClick, trayIconState, trayTooltip } from './tray-menu';

function recordingActions(): { actions: TrayActions; calls: string[] } {
  const calls: string[] = [];
  const actions: TrayActions = {
    openRun: (id) => calls.push(`open ${id}`),
    pauseRun: (id) => calls.push(`pause ${id}`),
    resumeRun: (id) => calls.push(`resume ${id}`),
    stopRun: (id) => calls.push(`stop ${id}`),
    startNow: (id) => calls.push(`start now ${id}`),
    dequeue: (id) => calls.push(`dequeue ${id}`),
    decideApproval: (id, decision) => calls.push(`${decision} ${id}`),
    pauseAll: () => calls.push('pause all'),
    stopAll: () => calls.push('stop all'),
    showWindow: () => calls.push('show'),
    quit: () => calls.push('quit'),
  };
  return { actions, calls };
}

const labels = (items: ReadonlyArray<MenuItemConstructorOptions>): string[] => items.map((item) => (item.type === 'separator' ? '---' : String(item.label)));
const submenuOf = (item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] => (Array.isArray(item?.submenu) ? item.submenu : []);
const find = (items: ReadonlyArray<MenuItemConstructorOptions>, label: string): MenuItemConstructorOptions => {
  const found = items.find((item) => item.label === label);
  if (!found) throw new Error(`no item "${label}" in ${labels(items).join(', ')}`);
  return found;
};
const click = (item: MenuItemConstructorOptions): void => (item.click as () => void)();

describe('buildTrayMenu', () => {
  it('with no runs: a header, and disabled Pause all / Stop all', () => {
    const { actions } = recordingActions();
    const menu = buildTrayMenu(EMPTY_SHELL_STATE, actions);
    expect(labels(menu)).toEqual(['No active runs', '---', 'Pause all', 'Stop all', '---', 'Show window', 'Quit Autoloop']);
    expect(menu[0]?.enabled).toBe(false);
    expect(find(menu, 'Pause all').enabled).toBe(false);
    expect(find(menu, 'Stop all').enabled).toBe(false);
  });

  it('with one running run: its submenu opens, pauses and stops it', () => {
    const { actions, calls } = recordingActions();
    const menu = buildTrayMenu(shellStateFrom([buildRun({ id: 'r1', name: 'Fix tests', status: 'running' })], []), actions);
    expect(labels(menu)).toEqual(['1 running', '---', 'Fix tests — running', '---', 'Pause all', 'Stop all', '---', 'Show window', 'Quit Autoloop']);
    const submenu = submenuOf(menu[2]);
    expect(labels(submenu)).toEqual(['Open', '---', 'Pause', 'Stop']);
    for (const label of ['Open', 'Pause', 'Stop']) click(find(submenu, label));
    click(find(menu, 'Pause all'));
    click(find(menu, 'Stop all'));
    click(find(menu, 'Show window'));
    click(find(menu, 'Quit Autoloop'));
    expect(calls).toEqual(['open r1', 'pause r1', 'stop r1', 'pause all', 'stop all', 'show', 'quit']);
  });

  it('with many runs: a header with the counts and one submenu per run, oldest first', () => {
    const { actions } = recordingActions();
    const runs: Run[] = [
      buildRun({ id: 'r1', name: 'one', status: 'running', createdAt: '2026-11-26T10:00:01.000Z' }),
      buildRun({ id: 'r2', name: 'two', status: 'starting', createdAt: '2026-11-26T10:00:02.000Z' }),
      buildRun({ id: 'r3', name: 'three', status: 'stopping', createdAt: '2026-11-26T10:00:03.000Z' }),
      buildRun({ id: 'r4', name: 'four', status: 'waiting_approval', createdAt: '2026-11-26T10:00:04.000Z' }),
      buildRun({ id: 'r5', name: 'five', status: 'paused', pauseReason: 'shutdown', createdAt: '2026-11-26T10:00:05.000Z' }),
      buildRun({ id: 'r6', name: 'six', status: 'ended', stopReason: 'completed', createdAt: '2026-11-26T10:00:06.000Z' }),
    ];
    const menu = buildTrayMenu(shellStateFrom(runs, []), actions);
    expect(menu[0]?.label).toBe('3 running · 1 waiting · 1 paused');
    expect(labels(menu).slice(2, 7)).toEqual([
      'one — running',
      'two — starting',
      'three — stopping',
      'four — waiting for approval',
      'five — paused: Autoloop was closed',
    ]);
    const stopping = submenuOf(menu[4]);
    expect(find(stopping, 'Pause').enabled).toBe(false);
    expect(find(stopping, 'Stop').enabled).toBe(false);
  });

  it('shows a run the concurrency cap holds back with its place in the queue, to run anyway or remove', () => {
    const { actions, calls } = recordingActions();
    const queued = (id: string, second: number): Run =>
      buildRun({ id, name: id, status: 'queued', startedAt: null, createdAt: `2026-01-01T00:00:0${second}.000Z` });
    const menu = buildTrayMenu(shellStateFrom([queued('q1', 1), queued('q2', 2)], []), actions);
    expect(labels(menu)).toContain('q2 — queued 2 of 2');
    expect(labels(menu)).toContain('q1 — queued 1 of 2');
    expect(menu[0]?.label).toBe('2 queued');
    const submenu = submenuOf(find(menu, 'q2 — queued 2 of 2'));
    expect(labels(submenu)).toEqual(['Open', '---', 'Run anyway', 'Remove from queue']);
    click(find(submenu, 'Run anyway'));
    click(find(submenu, 'Remove from queue'));
    expect(calls).toEqual(['start now q2', 'dequeue q2']);
  });

  it('a paused run offers Resume; a budget pause offers "Extend and resume…", which opens the run', () => {
    const { actions, calls } = recordingActions();
    const menu = buildTrayMenu(
      shellStateFrom(
        [
          buildRun({ id: 'r1', name: 'user pause', status: 'paused', pauseReason: 'user', createdAt: '2026-11-26T10:00:01.000Z' }),
          buildRun({ id: 'r2', name: 'over budget', status: 'paused', pauseReason: 'budget', createdAt: '2026-11-26T10:00:02.000Z' }),
        ],
        [],
      ),
      actions,
    );
    expect(labels(submenuOf(menu[2]))).toEqual(['Open', '---', 'Resume', 'Stop']);
    expect(menu[3]?.label).toBe('over budget — paused: budget reached');
    const budget = submenuOf(menu[3]);
    expect(labels(budget)).toEqual(['Open', '---', 'Extend and resume…', 'Stop']);
    click(find(submenuOf(menu[2]), 'Resume'));
    click(find(budget, 'Extend and resume…'));
    expect(calls).toEqual(['resume r1', 'open r2']);
    expect(find(menu, 'Pause all').enabled).toBe(false);
    expect(find(menu, 'Stop all').enabled).toBe(true);
  });

  it('keeps a crashed run, which offers Resume and asks for attention', () => {
    const { actions, calls } = recordingActions();
    const crashed = buildRun({ id: 'r1', name: 'broken', status: 'ended', stopReason: 'crash' });
    const state = shellStateFrom([crashed], []);
    const menu = buildTrayMenu(state, actions);
    expect(labels(menu).slice(0, 3)).toEqual(['1 crashed', '---', 'broken — crashed']);
    const submenu = submenuOf(menu[2]);
    expect(labels(submenu)).toEqual(['Open', '---', 'Resume', 'Stop']);
    expect(find(submenu, 'Stop').enabled).toBe(false);
    click(find(submenu, 'Resume'));
    expect(calls).toEqual(['resume r1']);
    expect(find(menu, 'Stop all').enabled).toBe(false);
    expect(trayIconState(state.runs, [])).toBe('attention');
  });

  it('answers the oldest pending approval of a run from its submenu', () => {
    const { actions, calls } = recordingActions();
    const state = shellStateFrom(
      [buildRun({ id: 'r1', status: 'waiting_approval' })],
      [
        buildApproval({ id: 'a2', runId: 'r1', summary: 'later', requestedAt: '2026-11-26T10:00:09.000Z' }),
        buildApproval({ id: 'a1', runId: 'r1', summary: 'run npm test & lint', requestedAt: '2026-11-26T10:00:01.000Z' }),
      ],
    );
    const submenu = submenuOf(buildTrayMenu(state, actions)[2]);
    expect(labels(submenu)).toEqual(['Open', '---', 'Pause', 'Stop', '---', 'Allow: run npm test && lint', 'Deny']);
    click(find(submenu, 'Allow: run npm test && lint'));
    click(find(submenu, 'Deny'));
    expect(calls).toEqual(['allow a1', 'deny a1']);
  });

  it('offers no one-click Allow for a summary the menu would cut: Review opens the run instead', () => {
    const { actions, calls } = recordingActions();
    for (const summary of [`bash: npm test && ${'x'.repeat(60)}`, 'bash: npm test… [812 more characters hidden]']) {
      const state = shellStateFrom([buildRun({ id: 'r1', status: 'waiting_approval' })], [buildApproval({ id: 'a1', runId: 'r1', summary })]);
      const submenu = submenuOf(buildTrayMenu(state, actions)[2]);
      expect(labels(submenu).some((label) => label.startsWith('Allow'))).toBe(false);
      click(find(submenu, labels(submenu).find((label) => label.startsWith('Review: ')) ?? ''));
    }
    expect(calls).toEqual(['open r1', 'open r1']);
  });

  it('escapes "&" in run names so Windows and Linux do not read it as a mnemonic', () => {
    const { actions } = recordingActions();
    const menu = buildTrayMenu(shellStateFrom([buildRun({ name: 'R&D', status: 'running' })], []), actions);
    expect(menu[2]?.label).toBe('R&&D — running');
  });

  it('with remote engines in the same menu, says that the header and Pause all / Stop all are this computer’s only', () => {
    const { actions, calls } = recordingActions();
    const remoteItems: MenuItemConstructorOptions[] = [{ type: 'separator' }, { label: 'On box: 2 running', enabled: false }];
    const state = shellStateFrom([buildRun({ id: 'r1', name: 'Fix tests', status: 'running' })], []);
    const menu = buildTrayMenu(state, actions, remoteItems, { otherEngines: true });
    expect(labels(menu)).toEqual([
      'This computer: 1 running',
      '---',
      'Fix tests — running',
      '---',
      'Pause all on this computer',
      'Stop all on this computer',
      '---',
      'On box: 2 running',
      '---',
      'Show window',
      'Quit Autoloop',
    ]);
    expect(labels(menu)).not.toContain('Pause all');
    click(find(menu, 'Pause all on this computer'));
    click(find(menu, 'Stop all on this computer'));
    expect(calls).toEqual(['pause all', 'stop all']);
    // Without remote engines the words stay short.
    expect(labels(buildTrayMenu(state, actions, [], { otherEngines: false }))).toContain('Pause all');
  });
});

describe('runStatusWords and runCountsText', () => {
  it('say each pause reason briefly', () => {
    expect(runStatusWords(buildRun({ status: 'paused', pauseReason: 'approval_timeout' }))).toBe('paused: approval timed out');
    expect(runStatusWords(buildRun({ status: 'paused', pauseReason: 'interrupted' }))).toBe('paused: interrupted');
    expect(runStatusWords(buildRun({ status: 'paused', pauseReason: null }))).toBe('paused');
  });

  it('leave out counts that are zero', () => {
    expect(runCountsText([buildRun({ status: 'waiting_approval' })])).toBe('1 waiting');
    expect(runCountsText([])).toBe('No active runs');
  });
});

describe('trayIconState', () => {
  it('is idle with nothing active, running with an active run, attention when a person is needed', () => {
    expect(trayIconState([], [])).toBe('idle');
    expect(trayIconState([buildRun({ status: 'paused', pauseReason: 'user' })], [])).toBe('idle');
    expect(trayIconState([buildRun({ status: 'running' })], [])).toBe('running');
    expect(trayIconState([buildRun({ status: 'running' })], [buildApproval()])).toBe('attention');
    expect(trayIconState([buildRun({ status: 'paused', pauseReason: 'budget' })], [])).toBe('attention');
    expect(trayIconState([buildRun({ status: 'paused', pauseReason: 'approval_timeout' })], [])).toBe('attention');
  });
});

describe('trayTooltip', () => {
  it('sums up the runs and the pending approvals', () => {
    expect(trayTooltip([], [])).toBe('Autoloop: no active runs');
    expect(trayTooltip([buildRun({ status: 'running' }), buildRun({ id: 'r2', status: 'waiting_approval' })], [buildApproval()])).toBe(
      'Autoloop: 1 running · 1 waiting · 1 approval pending',
    );
    expect(trayTooltip([], [buildApproval(), buildApproval({ id: 'a2' })])).toBe('Autoloop: no active runs · 2 approvals pending');
  });
});

describe('showsWindowOnTrayClick', () => {
  it('shows the window on a left click on Windows only; elsewhere the click opens the menu', () => {
    expect(showsWindowOnTrayClick('win32')).toBe(true);
    expect(showsWindowOnTrayClick('darwin')).toBe(false);
    expect(showsWindowOnTrayClick('linux')).toBe(false);
  });
});
