import type { Settings } from '../shared/settings';

/** Which OS notifications the desktop app shows, by type; part of the engine's settings (DESIGN §11). */
export type NotificationSettings = Pick<Settings['notifications'], 'approvalNeeded' | 'budgetPause' | 'runEnded' | 'failureStop'>;
