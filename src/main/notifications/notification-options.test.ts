import { describe, expect, it } from 'vitest';
import type { ShellNotification } from './notification-for';
import { notificationActionDecision, notificationOptions, supportsNotificationActions } from './notification-options';

const approval: ShellNotification = {
  kind: 'approval_needed',
  title: '“Fix tests” asks to use bash',
  body: 'npm test',
  actions: [
    { text: 'Allow', decision: 'allow' },
    { text: 'Deny', decision: 'deny' },
  ],
  runId: 'r1',
  approvalId: 'a1',
};
const completed: ShellNotification = {
  kind: 'run_ended',
  title: '“Fix tests” completed',
  body: 'After 4 iterations.',
  actions: [],
  runId: 'r1',
  approvalId: null,
};

describe('notificationOptions', () => {
  it('shows Allow and Deny buttons on macOS and Windows, none on Linux', () => {
    expect(supportsNotificationActions('darwin')).toBe(true);
    expect(supportsNotificationActions('win32')).toBe(true);
    expect(supportsNotificationActions('linux')).toBe(false);
    expect(notificationOptions(approval, 'darwin').actions).toEqual([
      { type: 'button', text: 'Allow' },
      { type: 'button', text: 'Deny' },
    ]);
    expect(notificationOptions(approval, 'linux').actions).toEqual([]);
  });

  it('keeps approvals up until answered; other notifications time out as usual', () => {
    expect(notificationOptions(approval, 'linux')).toMatchObject({ title: approval.title, body: 'npm test', urgency: 'critical', timeoutType: 'never' });
    expect(notificationOptions(completed, 'linux', '/icons/256x256.png')).toMatchObject({
      urgency: 'normal',
      timeoutType: 'default',
      icon: '/icons/256x256.png',
    });
  });
});

describe('notificationActionDecision', () => {
  it('maps a button index to its decision, and nothing else', () => {
    expect(notificationActionDecision(approval, 0)).toBe('allow');
    expect(notificationActionDecision(approval, 1)).toBe('deny');
    expect(notificationActionDecision(approval, 2)).toBeNull();
    expect(notificationActionDecision(completed, 0)).toBeNull();
  });
});
