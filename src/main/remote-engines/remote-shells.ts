import type { Logger } from '../../core/logger';
import type { Unsubscribe } from '../../shared/channel';
import type { ShellStateFeed } from '../shell-state/shell-state-feed';
import type { EngineRouter } from './engine-router';
import type { RemoteEngineLink } from './remote-engine-link';
import { createRemoteShellFeed } from './remote-shell-feed';
import type { RemoteTrayEngine } from './remote-tray';

/** What the shell sets up per remote engine (notifications, approval dialogs); returns what tears it down. */
export type RemoteShellSetup = (engine: string, feed: ShellStateFeed) => () => void;

/** The remote engines as the tray, notifications and dialogs see them: one shell feed per link, made and dropped as links come and go. */
export type RemoteShells = Readonly<{
  engines(): RemoteTrayEngine[];
  /** Told when any remote engine's link state or shell state changes. */
  subscribe(listener: () => void): Unsubscribe;
  dispose(): void;
}>;

/** Keeps a shell feed (and what `setup` adds) for every link of the router. Electron-free; the glue passes `setup`. */
export function createRemoteShells(router: EngineRouter, setup: RemoteShellSetup, log: Logger): RemoteShells {
  const shells = new Map<string, { link: RemoteEngineLink; feed: ShellStateFeed; teardown: () => void }>();
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const listener of [...listeners]) listener();
  };
  const sync = (): void => {
    const links = router.links();
    for (const [name, shell] of [...shells]) {
      if (links.includes(shell.link)) continue;
      shell.teardown();
      shells.delete(name);
    }
    for (const link of links) {
      if (shells.has(link.name)) continue;
      const feed = createRemoteShellFeed(link, (error) => log.error(`the tray could not load the runs of ${link.name}`, error));
      const unsubscribe = feed.subscribe(changed);
      const undo = setup(link.name, feed);
      shells.set(link.name, {
        link,
        feed,
        teardown: () => {
          unsubscribe();
          undo();
          feed.dispose();
        },
      });
    }
    changed();
  };
  const unsubscribeRouter = router.onChange(sync);
  sync();
  return {
    engines: () => [...shells.values()].map(({ link, feed }) => ({ name: link.name, link: link.state(), state: feed.current() })),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    dispose() {
      unsubscribeRouter();
      for (const shell of shells.values()) shell.teardown();
      shells.clear();
      listeners.clear();
    },
  };
}
