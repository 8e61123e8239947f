import { z } from 'zod';

/** Which OS notifications the desktop app shows (DESIGN §11); all on by default. */
export const NotificationSettings = z
  .object({
    approvalNeeded: z.boolean(),
    budgetPause: z.boolean(),
    runEnded: z.boolean(),
    failureStop: z.boolean(),
  })
  .strict();
export type NotificationSettings = z.infer<typeof NotificationSettings>;

/**
 * Settings only the Electron shell has, kept in `desktop-settings.json` in the user data folder
 * until the engine's settings carry them.
 */
export const DesktopSettings = z
  .object({
    notifications: NotificationSettings,
    /** Ask approvals in a native dialog as well as in the window. */
    approvalDialogs: z.boolean(),
  })
  .strict();
export type DesktopSettings = z.infer<typeof DesktopSettings>;

/** Every notification on, and native approval dialogs on. */
export const DEFAULT_DESKTOP_SETTINGS: DesktopSettings = {
  notifications: { approvalNeeded: true, budgetPause: true, runEnded: true, failureStop: true },
  approvalDialogs: true,
};

const DesktopSettingsFile = z
  .object({ notifications: NotificationSettings.partial().optional(), approvalDialogs: z.boolean().optional() })
  .strict();

/** The settings in a file's parsed JSON (null: no file), defaults filled in; a bad file gives the defaults and a reason. */
export function parseDesktopSettings(raw: unknown): Readonly<{ settings: DesktopSettings; problem: string | null }> {
  if (raw === null) return { settings: DEFAULT_DESKTOP_SETTINGS, problem: null };
  const parsed = DesktopSettingsFile.safeParse(raw);
  if (!parsed.success) return { settings: DEFAULT_DESKTOP_SETTINGS, problem: z.prettifyError(parsed.error) };
  return {
    settings: {
      notifications: { ...DEFAULT_DESKTOP_SETTINGS.notifications, ...parsed.data.notifications },
      approvalDialogs: parsed.data.approvalDialogs ?? DEFAULT_DESKTOP_SETTINGS.approvalDialogs,
    },
    problem: null,
  };
}
