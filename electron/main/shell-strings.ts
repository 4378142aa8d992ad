// Every text the Electron main process shows to people (menu labels, crash dialogs), in one
// table, so the i18n helper can translate them later (issue 8). The Edit items use Electron
// roles, whose labels the operating system already translates.
export const SHELL_STRINGS = {
  appName: 'Palenca Users',
  menuFile: 'File',
  menuEdit: 'Edit',
  menuView: 'View',
  menuWindow: 'Window',
  menuReload: 'Reload',
  crashTitle: 'Something went wrong',
  crashMessage: 'Palenca Users ran into a problem it did not expect.',
  crashDetail:
    'You can keep working. If something looks wrong, close the app and open it again. The details were written to the log file:',
  crashDetailNoLog:
    'You can keep working. If something looks wrong, close the app and open it again.',
  rendererGoneTitle: 'The window was reloaded',
  rendererGoneMessage: 'The window had a problem and was reloaded.',
  rendererGoneDetail:
    'Anything you had typed may be gone; your saved API keys, settings and exported files are safe.',
  ok: 'OK',
} as const;

export type ShellStrings = { readonly [K in keyof typeof SHELL_STRINGS]: string };
