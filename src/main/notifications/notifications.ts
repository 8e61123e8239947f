import { Notification } from 'electron';
import type { RunId } from '../../shared/records';
import type { NotificationSettings } from '../desktop-settings';
import type { ShellStateFeed } from '../shell-state/shell-state-feed';
import {
  type NotificationHistory,
  type ShellNotification,
  isAnsweredBy,
  notificationFor,
  onEngineNotification,
  rememberNotification,
} from './notification-for';
import { notificationActionDecision, notificationOptions } from './notification-options';

/** What the notifications need: settings, focus, and what a click or a button does. */
export type NotificationDeps = Readonly<{
  settings(): NotificationSettings;
  isAppFocused(): boolean;
  openRun(runId: RunId): void;
  openSchedule(scheduleId: string): void;
  decideApproval(approvalId: string, decision: 'allow' | 'deny'): void;
  icon?: string;
  /** A remote engine's name: titles say "On <engine>: …", and the actions decide there. Absent for this app's own. */
  engine?: string;
}>;

/** Shows OS notifications for engine events (glue; what and when is decided in notification-for.ts). */
export function setupNotifications(feed: ShellStateFeed, deps: NotificationDeps): () => void {
  if (!Notification.isSupported()) return () => undefined;
  let recent: NotificationHistory = new Map();
  // A notification that is garbage collected loses its click handlers: keep each until it closes.
  const live = new Map<Notification, ShellNotification>();
  const show = (notification: ShellNotification): void => {
    const shown = new Notification(notificationOptions(notification, process.platform, deps.icon));
    live.set(shown, notification);
    shown.on('click', () => {
      if (notification.scheduleId !== undefined) deps.openSchedule(notification.scheduleId);
      else if (notification.runId !== null) deps.openRun(notification.runId);
    });
    shown.on('action', (details) => {
      const decision = notificationActionDecision(notification, details.actionIndex);
      if (decision && notification.approvalId) deps.decideApproval(notification.approvalId, decision);
    });
    shown.on('close', () => live.delete(shown));
    shown.show();
  };
  const unsubscribe = feed.subscribe(({ event, before }) => {
    if (!event) return;
    for (const [shown, notification] of live) if (isAnsweredBy(notification, event)) shown.close();
    const now = Date.now();
    const notification = notificationFor(event, deps.settings(), now, recent, { before, isAppFocused: deps.isAppFocused() });
    if (!notification) return;
    recent = rememberNotification(recent, notification, now);
    show(onEngineNotification(notification, deps.engine));
  });
  return () => {
    unsubscribe();
    for (const shown of live.keys()) shown.close();
    live.clear();
  };
}
