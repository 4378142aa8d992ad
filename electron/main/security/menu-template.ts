// The application menu as plain data: the standard Edit roles (so copy, paste, select all
// and undo work with the keyboard on macOS, where shortcuts live in the menu), the app menu
// on macOS, and Reload only in development. No developer tools item in packaged builds.
// When main gives its actions, a Help menu with "Check for Updates…" (and About outside
// macOS, where the app menu has it).
import type { MenuItemConstructorOptions } from 'electron';
import type { ShellStrings } from '../shell-strings.ts';

export interface MenuFacts {
  isMac: boolean;
  isPackaged: boolean;
}

/** What the Help menu's own items do (electron/main/updates/auto-updater.ts). */
export interface HelpMenuActions {
  checkForUpdates(): void;
}

export function buildMenuTemplate(
  facts: MenuFacts,
  strings: ShellStrings,
  help?: HelpMenuActions,
): MenuItemConstructorOptions[] {
  const edit: MenuItemConstructorOptions = {
    label: strings.menuEdit,
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(facts.isMac ? [{ role: 'pasteAndMatchStyle' as const }] : []),
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  };
  const template: MenuItemConstructorOptions[] = [];
  if (facts.isMac) {
    template.push({
      label: strings.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  } else {
    template.push({ label: strings.menuFile, submenu: [{ role: 'quit' }] });
  }
  template.push(edit);
  if (!facts.isPackaged) {
    template.push({
      label: strings.menuView,
      submenu: [{ role: 'reload', label: strings.menuReload }, { role: 'toggleDevTools' }],
    });
  }
  if (facts.isMac) {
    template.push({
      label: strings.menuWindow,
      submenu: [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }],
    });
  }
  if (help) {
    template.push({
      label: strings.menuHelp,
      role: 'help',
      submenu: [
        { label: strings.menuCheckUpdates, click: () => help.checkForUpdates() },
        ...(facts.isMac
          ? []
          : [{ type: 'separator' as const }, { role: 'about' as const, label: strings.menuAbout }]),
      ],
    });
  }
  return template;
}
