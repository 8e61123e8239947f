import { Menu, Tray, nativeImage } from 'electron';
import { join } from 'node:path';
import type { ShellStateFeed } from '../shell-state/shell-state-feed';
import { createDebouncer } from '../shell-state/debouncer';
import { type TrayActions, type TrayIconState, buildTrayMenu, showsWindowOnTrayClick, trayIconState, trayTooltip } from './tray-menu';
import type { ScheduleFeed } from './schedule-feed';
import { type ScheduleTrayActions, scheduleBadgeCount, scheduleTrayItems } from './schedule-tray';
import type { RemoteShells } from '../remote-engines/remote-shells';
import { type RemoteTrayActions, remoteEngineTrayItems } from '../remote-engines/remote-tray';

/** A burst of run updates rebuilds the tray menu once. */
export const TRAY_REFRESH_MS = 250;

/** Shows the tray icon and keeps its menu, icon, tooltip and badge in step with the runs and schedules (glue; decisions in tray-menu.ts and schedule-tray.ts). */
export function setupTray(
  feed: ShellStateFeed,
  actions: TrayActions,
  iconsDir: string,
  schedules: Readonly<{ feed: ScheduleFeed; actions: ScheduleTrayActions }>,
  remote: Readonly<{ shells: RemoteShells; actions: RemoteTrayActions }>,
): () => void {
  const icon = (state: TrayIconState): Electron.NativeImage => nativeImage.createFromPath(join(iconsDir, 'tray', `tray-${state}.png`));
  const icons = { idle: icon('idle'), running: icon('running'), attention: icon('attention') };
  const tray = new Tray(icons.idle);
  const render = (): void => {
    const remoteEngines = remote.shells.engines();
    // The icon and the tooltip count every engine's runs and requests; the menu names each remote one.
    const runs = [...feed.current().runs, ...remoteEngines.flatMap((engine) => engine.state.runs)];
    const approvals = [...feed.current().approvals, ...remoteEngines.flatMap((engine) => engine.state.approvals)];
    const scheduleState = schedules.feed.current();
    const unhealthy = scheduleBadgeCount(scheduleState);
    tray.setImage(icons[trayIconState(runs, approvals, unhealthy)]);
    tray.setToolTip(trayTooltip(runs, approvals, unhealthy));
    // The badge: macOS shows a title beside the icon; elsewhere the attention icon and the tooltip carry it.
    if (process.platform === 'darwin') tray.setTitle(unhealthy > 0 ? String(unhealthy) : '');
    const extraItems = [...scheduleTrayItems(scheduleState, schedules.actions, new Date()), ...remoteEngineTrayItems(remoteEngines, remote.actions)];
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(feed.current(), actions, extraItems, { otherEngines: remoteEngines.length > 0 })));
  };
  const refresh = createDebouncer(render, TRAY_REFRESH_MS);
  const unsubscribe = feed.subscribe(({ state, before }) => {
    if (state !== before) refresh.schedule();
  });
  const unsubscribeSchedules = schedules.feed.subscribe(() => refresh.schedule());
  const unsubscribeRemote = remote.shells.subscribe(() => refresh.schedule());
  if (showsWindowOnTrayClick(process.platform)) tray.on('click', actions.showWindow);
  render();
  return () => {
    unsubscribe();
    unsubscribeSchedules();
    unsubscribeRemote();
    refresh.cancel();
    tray.destroy();
  };
}
