// Installs the minimal application menu built in security/menu-template.ts, in the app's language.
import { app, Menu } from 'electron';
import { buildMenuTemplate, type HelpMenuActions } from './security/menu-template.ts';
import type { ShellStrings } from './shell-strings.ts';

/** Called again when the person changes language, so the menu follows at once. */
export function installAppMenu(strings: ShellStrings, help?: HelpMenuActions): void {
  const template = buildMenuTemplate(
    { isMac: process.platform === 'darwin', isPackaged: app.isPackaged },
    strings,
    help,
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
