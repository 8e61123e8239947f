import { Menu, Tray, nativeImage } from 'electron';
import { join } from 'node:path';
import type { ShellStateFeed } from '../shell-state/shell-state-feed';
import { createDebouncer } from '../shell-state/debouncer';
import { type TrayActions, type TrayIconState, buildTrayMenu, showsWindowOnTrayClick, trayIconState, trayTooltip } from './tray-menu';

/** A burst of run updates rebuilds the tray menu once. */
export const TRAY_REFRESH_MS = 250;

/** Shows the tray icon and keeps its menu, icon and tooltip in step with the runs (glue; decisions in tray-menu.ts). */
export function setupTray(feed: ShellStateFeed, actions: TrayActions, iconsDir: string): () => void {
  const icon = (state: TrayIconState): Electron.NativeImage => nativeImage.createFromPath(join(iconsDir, 'tray', `tray-${state}.png`));
  const icons = { idle: icon('idle'), running: icon('running'), attention: icon('attention') };
  const tray = new Tray(icons.idle);
  const render = (): void => {
    const { runs, approvals } = feed.current();
    tray.setImage(icons[trayIconState(runs, approvals)]);
    tray.setToolTip(trayTooltip(runs, approvals));
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(feed.current(), actions)));
  };
  const refresh = createDebouncer(render, TRAY_REFRESH_MS);
  const unsubscribe = feed.subscribe(({ state, before }) => {
    if (state !== before) refresh.schedule();
  });
  if (showsWindowOnTrayClick(process.platform)) tray.on('click', actions.showWindow);
  render();
  return () => {
    unsubscribe();
    refresh.cancel();
    tray.destroy();
  };
}
