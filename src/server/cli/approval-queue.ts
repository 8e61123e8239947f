import { escapeForOneLine } from '../../shared/summary-text';
import { messageOf } from '../../shared/errors';
import type { Approval } from '../../shared/records';
import type { ApiCaller } from '../api-client';
import { askApproval } from './approval-prompt';
import { shortId } from './resolve-ref';
import type { StatusLine } from './status-line';
import type { Output } from './terminal-output';

/** How an answered request reads in the terminal: "allowed for this run by user". Pure. */
export function describeApprovalResolution(approval: Pick<Approval, 'status' | 'scope' | 'reason' | 'decidedBy' | 'decidedVia'>): string {
  const who = approval.decidedBy === 'link' ? `a link from ${approval.decidedVia ?? 'a notifier'}` : approval.decidedBy;
  const by = who ? ` by ${escapeForOneLine(who)}` : '';
  const reason = approval.reason ? `: ${escapeForOneLine(approval.reason)}` : '';
  switch (approval.status) {
    case 'allowed':
      return `allowed${approval.scope === 'run' ? ' for the rest of this run' : ' once'}${by}`;
    case 'denied':
      return `denied${by}${reason}`;
    case 'timed_out':
      return `not answered in time${reason}`;
    case 'cancelled':
      return `cancelled${reason}`;
    case 'pending':
      return 'waiting';
  }
}

/**
 * The approval requests of a foreground run, printed as they come; on a terminal they are asked
 * one at a time at the prompt, and a prompt whose request is answered elsewhere goes away.
 */
export function createApprovalQueue(deps: Readonly<{ api: ApiCaller; output: Output; status: StatusLine; interactive: boolean; onInterrupt(): void }>) {
  const { output, status } = deps;
  const seen = new Set<string>();
  const queue: Approval[] = [];
  let asking: { id: string; controller: AbortController } | null = null;

  function pump(): void {
    const next = asking ? undefined : queue.shift();
    if (!next) return;
    const controller = new AbortController();
    asking = { id: next.id, controller };
    status.suspend();
    void askApproval(next, controller.signal, deps.onInterrupt)
      .then(async (answer) => {
        if (answer) await deps.api.call('approvals.decide', { id: next.id, ...answer });
      })
      .catch((error: unknown) => output.line(`Could not answer ${shortId(next.id)}: ${messageOf(error)}`))
      .finally(() => {
        asking = null;
        status.resume();
        pump();
      });
  }

  return {
    requested(approval: Approval): void {
      if (seen.has(approval.id) || approval.status !== 'pending') return;
      seen.add(approval.id);
      if (output.json) {
        output.jsonLine({ type: 'approval', approval });
        return;
      }
      status.print(
        output.paint.yellow(
          `? ${shortId(approval.id)} asks to ${escapeForOneLine(approval.summary)} (${escapeForOneLine(approval.tool)}, ${escapeForOneLine(approval.risk)} risk)`,
        ),
      );
      if (!deps.interactive) {
        status.print(`  answer with: autoloop approve ${shortId(approval.id)} [--for-run]  or  autoloop deny ${shortId(approval.id)} [--reason TEXT]`);
        return;
      }
      queue.push(approval);
      pump();
    },
    resolved(approval: Approval): void {
      const index = queue.findIndex((queued) => queued.id === approval.id);
      if (index >= 0) queue.splice(index, 1);
      if (asking?.id === approval.id) asking.controller.abort();
      if (output.json) output.jsonLine({ type: 'approval', approval });
      else status.print(output.paint.dim(`  ${shortId(approval.id)} ${describeApprovalResolution(approval)}`));
    },
    cancelAll(): void {
      queue.length = 0;
      asking?.controller.abort();
    },
  };
}
