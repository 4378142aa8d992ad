import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import {
  createDialogThrottle,
  isRendererCrash,
  mainCrashDialog,
  OPEN_LOG_FOLDER_BUTTON,
  rendererGoneDialog,
  rendererStoppedDialog,
} from '../../electron/main/crash/crash-dialogs.ts';
import { buildMenuTemplate } from '../../electron/main/menu/menu-template.ts';
import { refusedDebugSwitches } from '../../electron/main/security/debug-switches.ts';
import { isPermissionGranted } from '../../electron/main/security/permissions.ts';
import { shellStringsFor } from '../../electron/main/shell-strings.ts';

const SHELL_STRINGS = shellStringsFor('en');

const roles = (template: MenuItemConstructorOptions[]): string[] =>
  template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);

describe('application menu', () => {
  test('keeps the standard Edit shortcuts on every platform', () => {
    for (const isMac of [true, false]) {
      const all = roles(buildMenuTemplate({ isMac, isPackaged: true }, SHELL_STRINGS));
      for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']) {
        assert.ok(all.includes(role), `${role} on ${isMac ? 'macOS' : 'other'}`);
      }
    }
  });

  test('has the app menu first on macOS', () => {
    const template = buildMenuTemplate({ isMac: true, isPackaged: true }, SHELL_STRINGS);
    assert.equal(template[0]?.label, SHELL_STRINGS.appName);
    assert.ok(roles([template[0] ?? {}]).includes('quit'));
  });

  test('offers reload and devtools only in development', () => {
    const packaged = roles(buildMenuTemplate({ isMac: false, isPackaged: true }, SHELL_STRINGS));
    assert.ok(!packaged.includes('reload'));
    assert.ok(!packaged.includes('toggleDevTools'));
    const dev = roles(buildMenuTemplate({ isMac: false, isPackaged: false }, SHELL_STRINGS));
    assert.ok(dev.includes('reload'));
  });

  test('takes its labels from the strings table', () => {
    const labels = buildMenuTemplate({ isMac: false, isPackaged: false }, SHELL_STRINGS)
      .map((item) => item.label)
      .filter(Boolean);
    const table = new Set<string>(Object.values(SHELL_STRINGS));
    for (const label of labels) assert.ok(table.has(label as string), label);
  });
});

describe('crash reports', () => {
  test('the main-process dialog is plain language and points at the log', () => {
    const dialog = mainCrashDialog(SHELL_STRINGS, '/home/ana/.config/Palenca Users/logs/x.log');
    assert.equal(dialog.message, SHELL_STRINGS.crashMessage);
    assert.match(dialog.detail, /x\.log$/);
    assert.doesNotMatch(`${dialog.message} ${dialog.detail}`, /Error|stack|undefined|\d{3}/);
    assert.equal(mainCrashDialog(SHELL_STRINGS, null).detail, SHELL_STRINGS.crashDetailNoLog);
  });

  test('a renderer crash says the window was reloaded', () => {
    assert.equal(rendererGoneDialog(SHELL_STRINGS).message, SHELL_STRINGS.rendererGoneMessage);
    assert.equal(isRendererCrash('crashed'), true);
    assert.equal(isRendererCrash('oom'), true);
    assert.equal(isRendererCrash('clean-exit'), false);
  });

  test('a window that keeps dying says so and offers the log folder first', () => {
    const dialog = rendererStoppedDialog(SHELL_STRINGS);
    assert.equal(dialog.message, SHELL_STRINGS.rendererStoppedMessage);
    assert.equal(dialog.buttons[OPEN_LOG_FOLDER_BUTTON], SHELL_STRINGS.openLogFolder);
    assert.equal(dialog.buttons.length, 2);
  });

  test('dialogs are throttled so a crash loop cannot flood the screen', () => {
    let now = 0;
    const mayShow = createDialogThrottle(2, 1000, () => now);
    assert.equal(mayShow(), true);
    assert.equal(mayShow(), true);
    assert.equal(mayShow(), false);
    now = 1001;
    assert.equal(mayShow(), true);
  });
});

describe('permissions', () => {
  test('every permission is refused', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      assert.equal(isPermissionGranted(p), false);
    }
  });
});

describe('debugging switches', () => {
  const given =
    (...names: string[]) =>
    (name: string) =>
      names.includes(name);
  test('a packaged app refuses every remote-debugging and inspect switch it is given', () => {
    assert.deepEqual(refusedDebugSwitches(true, given('remote-debugging-port')), [
      'remote-debugging-port',
    ]);
    assert.deepEqual(refusedDebugSwitches(true, given('remote-debugging-pipe', 'inspect')), [
      'remote-debugging-pipe',
      'inspect',
    ]);
    assert.deepEqual(refusedDebugSwitches(true, given('lang')), []);
  });
  test('a development run keeps them', () => {
    assert.deepEqual(refusedDebugSwitches(false, given('remote-debugging-port')), []);
  });
});
