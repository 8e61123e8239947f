import { Menu, app } from 'electron';
import { type AppMenuActions, buildAppMenu } from './app-menu-template';

/** Installs the application menu (glue; the template is built in app-menu-template.ts). */
export function setupAppMenu(actions: AppMenuActions, isDev: boolean): () => void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildAppMenu(process.platform, actions, { appName: app.name, isDev })));
  return () => Menu.setApplicationMenu(null);
}
