import { createStore, useStore } from 'zustand';

/** The notification types (DESIGN §11). */
export type NotificationType = 'approval_needed' | 'budget_pause' | 'run_ended' | 'failure_stop';

/** Which notifications the person wants, by type. */
export type NotificationPreferences = Readonly<Record<NotificationType, boolean>>;

/** The types with their labels, in the order the settings show them. */
export const NOTIFICATION_TYPES: ReadonlyArray<Readonly<{ type: NotificationType; label: string }>> = [
  { type: 'approval_needed', label: 'An approval is needed' },
  { type: 'budget_pause', label: 'A run paused for its budget' },
  { type: 'run_ended', label: 'A run ended' },
  { type: 'failure_stop', label: 'A run stopped after failures' },
];

/** The localStorage key: a window preference for now, since the engine has no notification setting yet. */
export const NOTIFICATIONS_STORAGE_KEY = 'autoloop.notifications';

const ALL_ON: NotificationPreferences = { approval_needed: true, budget_pause: true, run_ended: true, failure_stop: true };

/** Pure: stored preferences, every type on unless stored as off. */
export function parseNotificationPreferences(stored: string | null): NotificationPreferences {
  try {
    const parsed: unknown = stored === null ? {} : JSON.parse(stored);
    if (typeof parsed !== 'object' || parsed === null) return ALL_ON;
    const record = parsed as Record<string, unknown>;
    return { approval_needed: record.approval_needed !== false, budget_pause: record.budget_pause !== false, run_ended: record.run_ended !== false, failure_stop: record.failure_stop !== false };
  } catch {
    return ALL_ON;
  }
}

function readStored(): string | null {
  try {
    return window.localStorage.getItem(NOTIFICATIONS_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The notification preferences store (vanilla zustand, STYLE R17). */
export const notificationPreferencesStore = createStore<NotificationPreferences>()(() => parseNotificationPreferences(readStored()));

/** Turns one type on or off and stores the choice in this window. */
export function setNotificationPreference(type: NotificationType, isOn: boolean): void {
  const next = { ...notificationPreferencesStore.getState(), [type]: isOn };
  notificationPreferencesStore.setState(next, true);
  try {
    window.localStorage.setItem(NOTIFICATIONS_STORAGE_KEY, JSON.stringify(next));
  } catch {
    // Not stored: it holds for this session.
  }
}

/** Subscribe a component to the preferences. */
export function useNotificationPreferences<T>(selector: (state: NotificationPreferences) => T): T {
  return useStore(notificationPreferencesStore, selector);
}
