import type { MessageBoxOptions } from 'electron';
import type { Approval, Run } from '../../shared/records';

/** The dialog's buttons, in order; "Deny" is both the default and what Escape or closing means. */
export const APPROVAL_DIALOG_BUTTONS = ['Allow once', 'Allow for this run', 'Deny'] as const;
const DENY_INDEX = 2;
/** How much of a tool's input the dialog shows; the window shows all of it. */
export const DIALOG_INPUT_MAX_CHARS = 600;

/** What a person answered in the approval dialog, as `approvals.decide` takes it. */
export type ApprovalDialogAnswer = Readonly<{ decision: 'allow' | 'deny'; scope: 'once' | 'run' }>;

function inputText(input: unknown): string {
  let text: string;
  try {
    text = typeof input === 'string' ? input : (JSON.stringify(input, null, 2) ?? String(input));
  } catch {
    text = String(input);
  }
  return text.length > DIALOG_INPUT_MAX_CHARS ? `${text.slice(0, DIALOG_INPUT_MAX_CHARS - 1)}…` : text;
}

/**
 * The native dialog for a pending approval (DESIGN §7, §11). It never defaults to allowing: Enter,
 * Escape and closing the dialog all deny.
 */
export function approvalDialogOptions(approval: Approval, run: Run | undefined, engine?: string): MessageBoxOptions {
  const runName = run?.name ?? approval.runId;
  const lines = [
    // A remote engine's request names it first: answering decides on that engine.
    ...(engine === undefined ? [] : [`Engine: ${engine}`]),
    `Tool: ${approval.tool}`,
    `What: ${approval.summary}`,
    `Input: ${inputText(approval.input)}`,
    `Run: ${runName} (iteration ${approval.iteration})`,
    ...(run ? [`Working folder: ${run.workdir}`] : []),
    `Risk: ${approval.risk}`,
  ];
  return {
    type: approval.risk === 'high' ? 'warning' : 'question',
    title: engine === undefined ? 'Autoloop: approval needed' : `Autoloop: approval needed on ${engine}`,
    message: `${engine === undefined ? '' : `On ${engine}: `}“${runName}” asks to use ${approval.tool}`,
    detail: lines.join('\n'),
    buttons: [...APPROVAL_DIALOG_BUTTONS],
    defaultId: DENY_INDEX,
    cancelId: DENY_INDEX,
    noLink: true,
  };
}

/** The answer for the button a person pressed; anything unexpected denies. */
export function approvalDialogAnswer(response: number): ApprovalDialogAnswer {
  if (response === 0) return { decision: 'allow', scope: 'once' };
  if (response === 1) return { decision: 'allow', scope: 'run' };
  return { decision: 'deny', scope: 'once' };
}
