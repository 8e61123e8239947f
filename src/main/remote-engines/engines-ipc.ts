import { ipcMain } from 'electron';
import type { IpcSender } from '../security/ipc-sender';
import type { EngineRouter } from './engine-router';

/** The channel main tells the window on when the engines or their connection states change. */
export const ENGINES_CHANGED_CHANNEL = 'engines:changed';

/**
 * Serves `window.autoloop.engines` (list, add, update, retry, remove, select, the CLI import) for our window only (STYLE R8). The
 * answers never carry a token: the router lists engines without their secrets. Glue only; the
 * logic is in engine-router.ts and desktop-engines-file.ts.
 */
export function setupEnginesIpc(router: EngineRouter, isTrusted: (sender: IpcSender) => boolean, push: (channel: string) => void): () => void {
  const refused = { ok: false, message: 'the caller is not an Autoloop window' } as const;
  const handlers = {
    'engines:list': () => router.list(),
    'engines:add': (input: unknown) => router.add(input),
    'engines:remove': (name: unknown) => router.remove(name),
    'engines:update': (input: unknown) => router.update(input),
    'engines:retry': (name: unknown) => router.retry(name),
    'engines:cli-plan': () => router.cliImportPlan(),
    'engines:cli-import': (names: unknown) => router.importFromCli(names),
    'engines:select': (name: unknown) => router.select(name),
  } as const;
  for (const [channel, handle] of Object.entries(handlers)) {
    ipcMain.handle(channel, (event, argument: unknown) =>
      isTrusted({ senderId: event.sender.id, senderFrameUrl: event.senderFrame?.url ?? null }) ? handle(argument) : refused,
    );
  }
  const unsubscribe = router.onChange(() => push(ENGINES_CHANGED_CHANNEL));
  return () => {
    unsubscribe();
    for (const channel of Object.keys(handlers)) ipcMain.removeHandler(channel);
  };
}
