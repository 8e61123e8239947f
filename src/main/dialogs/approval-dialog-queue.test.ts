import type { MessageBoxOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../core/events/event-bus';
import type { Approval, Run } from '../../shared/records';
import { buildRun } from '../../shared/testing/build-run';
import { createShellStateFeed } from '../shell-state/shell-state-feed';
import { buildApproval } from '../testing/build-approval';
import type { ApprovalDialogAnswer } from './approval-dialog-options';
import { createApprovalDialogQueue } from './approval-dialog-queue';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** An engine as the shell sees it: a real shell feed over a real event bus, loaded from the given lists. */
async function engineFeed(runs: Run[], approvals: Approval[]) {
  const bus = createEventBus();
  const feed = createShellStateFeed({ bus, load: async () => ({ runs, approvals }), onLoadError: (error) => expect.fail(String(error)) });
  await feed.loaded;
  return { bus, feed };
}

/** Native dialogs by hand: each `show` waits until the test presses a button, or until its signal closes it. */
function handDialogs() {
  const open: Array<{ options: MessageBoxOptions; signal: AbortSignal; press(button: number): void }> = [];
  const shown: MessageBoxOptions[] = [];
  const decided: string[] = [];
  let enabled = true;
  const queue = createApprovalDialogQueue({
    canShow: () => enabled,
    show: (options, signal) =>
      new Promise<number>((resolve) => {
        shown.push(options);
        const entry = { options, signal, press: resolve };
        open.push(entry);
        // As Electron does: a closed dialog resolves with the cancel button.
        signal.addEventListener('abort', () => resolve(Number(options.cancelId)));
      }),
    decide: (engine: string | null, approvalId: string, answer: ApprovalDialogAnswer) =>
      decided.push(`${engine ?? 'local'} ${approvalId} ${answer.decision} ${answer.scope}`),
  });
  const stillOpen = () => open.filter((entry) => !entry.signal.aborted);
  return {
    queue,
    shown,
    decided,
    stillOpen,
    setEnabled: (value: boolean) => void (enabled = value),
    /** Presses a button of the one open dialog. */
    async press(button: number) {
      const [only, ...others] = stillOpen();
      expect(others).toEqual([]);
      open.splice(open.indexOf(only!), 1);
      only!.press(button);
      await settle();
    },
  };
}

describe('the one approval-dialog queue', () => {
  it('shows one dialog at a time across engines, in the order requests came, each naming its engine and answered there', async () => {
    const dialogs = handDialogs();
    const local = await engineFeed([buildRun({ id: 'r1', name: 'Fix tests', status: 'waiting_approval' })], [buildApproval({ id: 'a1', runId: 'r1' })]);
    const box = await engineFeed(
      [buildRun({ id: 'r2', name: 'Nightly', status: 'waiting_approval' })],
      [buildApproval({ id: 'b1', runId: 'r2', tool: 'bash', summary: 'npm test' })],
    );
    dialogs.queue.watch(null, local.feed);
    // Alone, this computer's dialog does not name an engine.
    expect(dialogs.shown.map((options) => options.message)).toEqual(['“Fix tests” asks to use write_file']);
    dialogs.queue.watch('box', box.feed);
    // box's request waits: never two dialogs at once.
    expect(dialogs.stillOpen()).toHaveLength(1);
    expect(dialogs.queue.pending()).toEqual(['-/a1', 'box/b1']);
    local.bus.publish({ type: 'approval.requested', approval: buildApproval({ id: 'a2', runId: 'r1', summary: 'write b.txt' }) });
    expect(dialogs.queue.pending()).toEqual(['-/a1', 'box/b1', '-/a2']);

    await dialogs.press(0); // Allow once
    expect(dialogs.decided).toEqual(['local a1 allow once']);
    expect(dialogs.shown[1]).toMatchObject({ title: 'Autoloop: approval needed on box', message: 'On box: “Nightly” asks to use bash' });
    expect(dialogs.stillOpen()).toHaveLength(1);
    await dialogs.press(1); // Allow for this run
    expect(dialogs.decided).toEqual(['local a1 allow once', 'box b1 allow run']);
    // With a remote engine watched, this computer's dialogs say so too.
    expect(dialogs.shown[2]).toMatchObject({ message: 'On this computer: “Fix tests” asks to use write_file' });
    await dialogs.press(2); // Deny
    expect(dialogs.decided).toEqual(['local a1 allow once', 'box b1 allow run', 'local a2 deny once']);
    expect(dialogs.stillOpen()).toEqual([]);
    expect(dialogs.queue.pending()).toEqual([]);
    dialogs.queue.dispose();
  });

  it('closes a dialog answered elsewhere without deciding, drops queued requests answered elsewhere, and forgets a removed engine', async () => {
    const dialogs = handDialogs();
    const local = await engineFeed([], [buildApproval({ id: 'a1' })]);
    const box = await engineFeed([], [buildApproval({ id: 'b1' }), buildApproval({ id: 'b2' })]);
    const lab = await engineFeed([], [buildApproval({ id: 'c1' })]);
    dialogs.queue.watch(null, local.feed);
    const unwatchBox = dialogs.queue.watch('box', box.feed);
    const unwatchLab = dialogs.queue.watch('lab', lab.feed);
    expect(dialogs.queue.pending()).toEqual(['-/a1', 'box/b1', 'box/b2', 'lab/c1']);
    // b2 answered in box's own window while a1's dialog is open: it leaves the queue unseen.
    box.bus.publish({ type: 'approval.resolved', approval: buildApproval({ id: 'b2', status: 'denied' }) });
    expect(dialogs.queue.pending()).toEqual(['-/a1', 'box/b1', 'lab/c1']);
    // a1 answered from the tray: its dialog closes, and that close is no denial.
    local.bus.publish({ type: 'approval.resolved', approval: buildApproval({ id: 'a1', status: 'allowed' }) });
    await settle();
    expect(dialogs.decided).toEqual([]);
    // (a1's dialog opened before any remote engine was watched, so it named none.)
    expect(dialogs.shown.map((options) => options.message)).toEqual(['“r1” asks to use write_file', 'On box: “r1” asks to use write_file']);
    // box removed while its dialog is open: closed, undecided; lab's comes next.
    unwatchBox();
    await settle();
    expect(dialogs.decided).toEqual([]);
    expect(dialogs.queue.pending()).toEqual(['lab/c1']);
    unwatchLab();
    await settle();
    expect(dialogs.queue.pending()).toEqual([]);
    expect(dialogs.stillOpen()).toEqual([]);
    dialogs.queue.dispose();
  });

  it('waits while dialogs are off or there is no window, and does not ask a request twice', async () => {
    const dialogs = handDialogs();
    dialogs.setEnabled(false);
    const local = await engineFeed([], [buildApproval({ id: 'a1' })]);
    dialogs.queue.watch(null, local.feed);
    expect(dialogs.shown).toEqual([]);
    expect(dialogs.queue.pending()).toEqual(['-/a1']);
    dialogs.setEnabled(true);
    local.bus.publish({ type: 'notice', level: 'info', message: 'anything' });
    expect(dialogs.shown).toHaveLength(1);
    await dialogs.press(0);
    // Still pending after the answer (e.g. the decision failed): asked once, not again on every change.
    local.bus.publish({ type: 'notice', level: 'info', message: 'anything' });
    expect(dialogs.shown).toHaveLength(1);
    expect(dialogs.decided).toEqual(['local a1 allow once']);
    dialogs.queue.dispose();
  });
});
