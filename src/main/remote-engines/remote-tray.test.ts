import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildRun } from '../../shared/testing/build-run';
import { approvalDialogOptions } from '../dialogs/approval-dialog-options';
import { onEngineNotification } from '../notifications/notification-for';
import { EMPTY_SHELL_STATE, shellStateFrom } from '../shell-state/shell-state';
import { buildApproval } from '../testing/build-approval';
import { FIRST_LINK_STATE, type LinkState } from './link-state';
import { type RemoteTrayActions, remoteEngineTrayItems } from './remote-tray';

const connected: LinkState = { status: 'connected', reason: null, retryInMs: null, failedAttempts: 0 };

function recording(): { actions: RemoteTrayActions; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    actions: {
      openRun: (engine, runId) => calls.push(`open ${runId} on ${engine}`),
      decideApproval: (engine, id, decision) => calls.push(`${decision} ${id} on ${engine}`),
      openEngines: () => calls.push('engines'),
    },
  };
}
const labels = (items: ReadonlyArray<MenuItemConstructorOptions>): string[] => items.map((item) => (item.type === 'separator' ? '---' : String(item.label)));
const submenuOf = (item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] => (Array.isArray(item?.submenu) ? item.submenu : []);
const click = (item: MenuItemConstructorOptions | undefined): void => (item?.click as (() => void) | undefined)?.();

describe('the tray items of remote engines', () => {
  it('are none without remote engines', () => {
    expect(remoteEngineTrayItems([], recording().actions)).toEqual([]);
  });

  it('name the engine on every line, and Allow and Deny decide on that engine', () => {
    const run = buildRun({ id: 'r1', name: 'nightly', status: 'waiting_approval' });
    const paused = buildRun({ id: 'r2', name: 'docs', status: 'paused', pauseReason: 'budget' });
    const state = shellStateFrom([run, paused], [buildApproval({ id: 'a1', runId: 'r1' })]);
    const { actions, calls } = recording();
    const items = remoteEngineTrayItems(
      [
        { name: 'box', link: connected, state },
        { name: 'lab', link: FIRST_LINK_STATE, state: EMPTY_SHELL_STATE },
      ],
      actions,
    );
    expect(labels(items)).toEqual([
      '---',
      'On box: 1 waiting · 1 paused',
      'On box: “nightly” asks to use write_file',
      'On box: “docs” paused: budget reached',
      'On lab: connecting…',
    ]);
    const [allow, deny, , open] = submenuOf(items[2]);
    expect(labels([allow ?? {}, deny ?? {}, open ?? {}])).toEqual(['Allow: write notes.txt (5 bytes)', 'Deny', 'Open']);
    click(allow);
    click(deny);
    click(open);
    click(items[3]);
    expect(calls).toEqual(['allow a1 on box', 'deny a1 on box', 'open r1 on box', 'open r2 on box']);
  });

  it('keeps a lost engine’s last known runs and says it is trying again; a refused one opens Settings → Engines', () => {
    const state = shellStateFrom([buildRun({ id: 'r1', name: 'nightly', status: 'waiting_approval' })], [buildApproval({ id: 'a1', runId: 'r1' })]);
    const lost: LinkState = { status: 'lost', reason: 'the connection closed (1006)', retryInMs: 4_000, failedAttempts: 3 };
    const refused: LinkState = { status: 'refused', reason: 'the token was revoked', retryInMs: null, failedAttempts: 1 };
    const { actions, calls } = recording();
    const items = remoteEngineTrayItems(
      [
        { name: 'box', link: lost, state },
        { name: 'lab', link: refused, state: EMPTY_SHELL_STATE },
      ],
      actions,
    );
    expect(labels(items)).toEqual([
      '---',
      'On box: connection lost, trying again in 4 s: the connection closed (1006) (last known: 1 waiting)',
      'On box: “nightly” asks to use write_file',
      'On lab: refused: the token was revoked',
    ]);
    click(items[3]);
    expect(calls).toEqual(['engines']);
  });

  it('offers no one-click Allow for a summary the menu would cut', () => {
    const long = 'x'.repeat(200);
    const state = shellStateFrom([buildRun({ id: 'r1', status: 'waiting_approval' })], [buildApproval({ id: 'a1', runId: 'r1', summary: long })]);
    const { actions, calls } = recording();
    const [first] = submenuOf(remoteEngineTrayItems([{ name: 'box', link: connected, state }], actions)[2]);
    expect(first?.label).toBe('Review in the window…');
    click(first);
    expect(calls).toEqual(['open r1 on box']);
  });
});

describe('notifications and dialogs of a remote engine', () => {
  it('title a notification “On <engine>: …”, and leave this app’s own as it was', () => {
    const notification = { kind: 'failure_stop', title: '“nightly” failed', body: 'x', actions: [], runId: 'r1', approvalId: null } as const;
    expect(onEngineNotification(notification, 'box').title).toBe('On box: “nightly” failed');
    expect(onEngineNotification(notification, undefined)).toBe(notification);
  });

  it('name the engine in the native approval dialog', () => {
    const run = buildRun({ id: 'r1', name: 'nightly' });
    const options = approvalDialogOptions(buildApproval({ runId: 'r1' }), run, 'box');
    expect(options.title).toBe('Autoloop: approval needed on box');
    expect(options.message).toBe('On box: “nightly” asks to use write_file');
    expect(options.detail?.split('\n')[0]).toBe('Engine: box');
    expect(approvalDialogOptions(buildApproval({ runId: 'r1' }), run).message).toBe('“nightly” asks to use write_file');
  });
});
