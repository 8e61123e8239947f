import { describe, expect, it } from 'vitest';
import { buildRun } from '../../shared/testing/build-run';
import { buildApproval } from '../testing/build-approval';
import { APPROVAL_DIALOG_BUTTONS, DIALOG_INPUT_MAX_CHARS, approvalDialogAnswer, approvalDialogOptions } from './approval-dialog-options';

const run = buildRun({ id: 'r1', name: 'Fix tests', workdir: '/home/ada/project' });

describe('approvalDialogOptions', () => {
  it('offers Allow once, Allow for this run and Deny, and defaults and cancels to Deny', () => {
    const options = approvalDialogOptions(buildApproval(), run);
    expect(options.buttons).toEqual(['Allow once', 'Allow for this run', 'Deny']);
    expect(options.defaultId).toBe(2);
    expect(options.cancelId).toBe(2);
    expect(options.buttons?.[options.defaultId ?? -1]).toBe('Deny');
    expect(options.noLink).toBe(true);
  });

  it('shows the tool, the input summary, the run name and its working folder', () => {
    const options = approvalDialogOptions(buildApproval({ tool: 'bash', summary: 'npm test', input: { command: 'npm test' }, iteration: 3 }), run);
    expect(options.message).toBe('“Fix tests” asks to use bash');
    expect(options.detail).toContain('Tool: bash');
    expect(options.detail).toContain('What: npm test');
    expect(options.detail).toContain('"command": "npm test"');
    expect(options.detail).toContain('Run: Fix tests (iteration 3)');
    expect(options.detail).toContain('Working folder: /home/ada/project');
    expect(options.type).toBe('question');
  });

  it('warns for high-risk calls and cuts long input', () => {
    const options = approvalDialogOptions(buildApproval({ risk: 'high', input: 'x'.repeat(5_000) }), run);
    expect(options.type).toBe('warning');
    expect(options.detail).toContain(`${'x'.repeat(DIALOG_INPUT_MAX_CHARS - 1)}…`);
    expect(options.detail).not.toContain('x'.repeat(DIALOG_INPUT_MAX_CHARS));
  });

  it('names the run by id when it is not known', () => {
    const options = approvalDialogOptions(buildApproval({ runId: 'r9' }), undefined);
    expect(options.message).toContain('“r9”');
    expect(options.detail).not.toContain('Working folder');
  });
});

describe('approvalDialogAnswer', () => {
  it('maps each button to a decision and anything else to a denial', () => {
    expect(APPROVAL_DIALOG_BUTTONS).toHaveLength(3);
    expect(approvalDialogAnswer(0)).toEqual({ decision: 'allow', scope: 'once' });
    expect(approvalDialogAnswer(1)).toEqual({ decision: 'allow', scope: 'run' });
    expect(approvalDialogAnswer(2)).toEqual({ decision: 'deny', scope: 'once' });
    expect(approvalDialogAnswer(-1)).toEqual({ decision: 'deny', scope: 'once' });
  });
});
