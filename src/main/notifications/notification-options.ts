import type { NotificationConstructorOptions } from 'electron';
import type { ShellNotification } from './notification-for';

/** Whether the OS shows notification buttons: Electron supports them on macOS and Windows only. */
export function supportsNotificationActions(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32';
}

/** Electron's options for a notification on this platform; approvals stay up until answered. */
export function notificationOptions(notification: ShellNotification, platform: NodeJS.Platform, icon?: string): NotificationConstructorOptions {
  const isApproval = notification.kind === 'approval_needed';
  return {
    title: notification.title,
    body: notification.body,
    ...(icon ? { icon } : {}),
    urgency: isApproval ? 'critical' : 'normal',
    timeoutType: isApproval ? 'never' : 'default',
    actions: supportsNotificationActions(platform) ? notification.actions.map((action) => ({ type: 'button', text: action.text })) : [],
  };
}

/** The decision a notification's button stands for, or null for an index it does not have. */
export function notificationActionDecision(notification: ShellNotification, actionIndex: number): 'allow' | 'deny' | null {
  return notification.actions[actionIndex]?.decision ?? null;
}
