// Installs the minimal application menu built in security/menu-template.ts.
import { app, Menu } from 'electron';
import { buildMenuTemplate } from './security/menu-template.ts';
import { SHELL_STRINGS } from './shell-strings.ts';

export function installAppMenu(): void {
  const template = buildMenuTemplate(
    { isMac: process.platform === 'darwin', isPackaged: app.isPackaged },
    SHELL_STRINGS,
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
