// Installs the application menu built in menu-template.ts, in the app's language.
import { app, Menu } from 'electron';
import type { ShellStrings } from '../shell-strings.ts';
import {
  buildMenuTemplate,
  type HelpMenuActions,
  type SupportMenuActions,
} from './menu-template.ts';

/** Called again when the person changes language, so the menu follows at once. */
export function installAppMenu(
  strings: ShellStrings,
  help?: HelpMenuActions,
  support?: SupportMenuActions,
): void {
  const template = buildMenuTemplate(
    { isMac: process.platform === 'darwin', isPackaged: app.isPackaged },
    strings,
    help,
    support,
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
