import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { type AppMenuActions, buildAppMenu } from './app-menu-template';

function recordingActions(): { actions: AppMenuActions; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    actions: {
      newRun: () => calls.push('new run'),
      showRuns: () => calls.push('runs'),
      showApprovals: () => calls.push('approvals'),
      showSettings: () => calls.push('settings'),
      quit: () => calls.push('quit'),
    },
  };
}

/** Every item of the menu, submenus included, flattened. */
function allItems(items: ReadonlyArray<MenuItemConstructorOptions>): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? allItems(item.submenu) : [])]);
}
const byLabel = (items: ReadonlyArray<MenuItemConstructorOptions>, label: string): MenuItemConstructorOptions | undefined =>
  allItems(items).find((item) => item.label === label);
const roles = (items: ReadonlyArray<MenuItemConstructorOptions>): string[] => allItems(items).flatMap((item) => (item.role ? [item.role] : []));

describe('buildAppMenu', () => {
  const options = { appName: 'Autoloop', isDev: false };

  it('has New run, Runs, Approvals, Settings and Quit with their shortcuts, wired to the actions', () => {
    const { actions, calls } = recordingActions();
    const menu = buildAppMenu('linux', actions, options);
    const expected: Array<[string, string]> = [
      ['New run', 'CmdOrCtrl+N'],
      ['Runs', 'CmdOrCtrl+1'],
      ['Approvals', 'CmdOrCtrl+2'],
      ['Settings', 'CmdOrCtrl+,'],
      ['Quit Autoloop', 'CmdOrCtrl+Q'],
    ];
    for (const [label, accelerator] of expected) {
      const item = byLabel(menu, label);
      expect(item?.accelerator).toBe(accelerator);
      (item?.click as () => void)();
    }
    expect(calls).toEqual(['new run', 'runs', 'approvals', 'settings', 'quit']);
  });

  it('on macOS puts the app menu first, with Settings… and Quit in it', () => {
    const { actions } = recordingActions();
    const menu = buildAppMenu('darwin', actions, options);
    expect(menu.map((item) => item.label)).toEqual(['Autoloop', 'File', 'Edit', 'View', 'Window']);
    const appItems = Array.isArray(menu[0]?.submenu) ? menu[0].submenu : [];
    expect(appItems.map((item) => item.label ?? item.role ?? item.type)).toContain('Settings…');
    expect(appItems.map((item) => item.label ?? item.role ?? item.type)).toContain('Quit Autoloop');
    expect(roles(menu)).toContain('hideOthers');
  });

  it('elsewhere has no app menu, and File holds Settings and Quit', () => {
    const { actions } = recordingActions();
    const menu = buildAppMenu('win32', actions, options);
    expect(menu.map((item) => item.label)).toEqual(['File', 'Edit', 'View', 'Window']);
    const file = Array.isArray(menu[0]?.submenu) ? menu[0].submenu : [];
    expect(file.map((item) => item.label ?? item.role ?? item.type)).toEqual(['New run', 'separator', 'Settings', 'separator', 'close', 'Quit Autoloop']);
  });

  it('has copy and paste on every platform', () => {
    const { actions } = recordingActions();
    for (const platform of ['darwin', 'win32', 'linux'] as const)
      expect(roles(buildAppMenu(platform, actions, options))).toEqual(expect.arrayContaining(['copy', 'paste', 'selectAll']));
  });

  it('offers Reload and the developer tools only in development', () => {
    const { actions } = recordingActions();
    expect(roles(buildAppMenu('linux', actions, options))).not.toEqual(expect.arrayContaining(['reload']));
    expect(roles(buildAppMenu('linux', actions, options))).not.toContain('toggleDevTools');
    expect(roles(buildAppMenu('linux', actions, { ...options, isDev: true }))).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });
});
