// The application menu as plain data: the standard Edit roles (so copy, paste, select all
// and undo work with the keyboard on macOS, where shortcuts live in the menu), the app menu
// on macOS, a View menu with zoom everywhere (people who need larger text), and Reload and
// developer tools only in development. When main gives its actions, a Help menu with
// "Check for Updates…", Palenca's documentation, the log folder and "Copy diagnostics" (and
// About outside macOS, where the app menu has it).
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

/** The Help menu's support items (electron/main/help-actions.ts). */
export interface SupportMenuActions {
  openDocs(): void;
  openLogFolder(): void;
  copyDiagnostics(): void;
}

export function buildMenuTemplate(
  facts: MenuFacts,
  strings: ShellStrings,
  help?: HelpMenuActions,
  support?: SupportMenuActions,
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
  // Zoom keeps its roles' shortcuts (Ctrl/Cmd +, -, 0) in the packaged app too.
  template.push({
    label: strings.menuView,
    submenu: [
      { role: 'zoomIn', label: strings.menuZoomIn },
      { role: 'zoomOut', label: strings.menuZoomOut },
      { role: 'resetZoom', label: strings.menuActualSize },
      ...(facts.isPackaged
        ? []
        : [
            { type: 'separator' as const },
            { role: 'reload' as const, label: strings.menuReload },
            { role: 'toggleDevTools' as const },
          ]),
    ],
  });
  if (facts.isMac) {
    template.push({
      label: strings.menuWindow,
      submenu: [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }],
    });
  }
  if (help || support) {
    const sections: MenuItemConstructorOptions[][] = [
      help ? [{ label: strings.menuCheckUpdates, click: () => help.checkForUpdates() }] : [],
      support
        ? [
            { label: strings.menuDocs, click: () => support.openDocs() },
            { label: strings.openLogFolder, click: () => support.openLogFolder() },
            { label: strings.menuCopyDiagnostics, click: () => support.copyDiagnostics() },
          ]
        : [],
      facts.isMac ? [] : [{ role: 'about', label: strings.menuAbout }],
    ];
    template.push({
      label: strings.menuHelp,
      role: 'help',
      submenu: sections
        .filter((section) => section.length > 0)
        .flatMap((section, i) =>
          i === 0 ? section : [{ type: 'separator' as const }, ...section],
        ),
    });
  }
  return template;
}
