import { isAllowedNavigation } from '../windows/main-window-options';

/** Who sent an IPC message: the sending web contents and the URL of the frame it came from. */
export type IpcSender = Readonly<{ senderId: number; senderFrameUrl: string | null }>;

/** Our window, as the IPC check knows it: its web contents id (null before it exists) and the app page's URL. */
export type OwnWindow = Readonly<{ webContentsId: number | null; appUrl: string }>;

/**
 * Whether an IPC call comes from our main window showing our page (STYLE R8): the right web
 * contents, and a frame still on the app page, not a page it was somehow navigated to.
 */
export function isOwnSender(sender: IpcSender, own: OwnWindow): boolean {
  if (own.webContentsId === null || sender.senderId !== own.webContentsId) return false;
  return sender.senderFrameUrl !== null && isAllowedNavigation(sender.senderFrameUrl, own.appUrl);
}
