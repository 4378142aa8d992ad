// Help → Check for Updates…: the menu item, and what its dialogs say in each case, in the
// person's language.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { LOCALES } from '#common/models.ts';
import { buildMenuTemplate } from '../../electron/main/menu/menu-template.ts';
import { shellStringsFor } from '../../electron/main/shell-strings.ts';
import {
  exportRunningDialog,
  offReasonText,
  updateCheckDialog,
  updatesOffDialog,
} from '../../electron/main/updates/update-dialogs.ts';
import type { UpdatesOffReason } from '../../electron/main/updates/update-policy.ts';

const en = shellStringsFor('en');
const es = shellStringsFor('es');
const pt = shellStringsFor('pt-BR');
const PAGE = 'https://github.com/palenca/palenca-users-releases/releases/latest';

const submenu = (item: MenuItemConstructorOptions | undefined) =>
  (item?.submenu ?? []) as MenuItemConstructorOptions[];

describe('the Help menu', () => {
  test('is last, with Check for Updates… that runs the action, and About outside macOS', () => {
    let checks = 0;
    const help = { checkForUpdates: () => checks++ };
    const template = buildMenuTemplate({ isMac: false, isPackaged: true }, es, help);
    const menu = template.at(-1);
    assert.equal(menu?.label, 'Ayuda');
    assert.equal(menu?.role, 'help');
    const items = submenu(menu);
    assert.equal(items[0]?.label, 'Buscar actualizaciones…');
    const click = items[0]?.click as (() => void) | undefined;
    assert.ok(click);
    click();
    assert.equal(checks, 1);
    assert.deepEqual(
      items.filter((i) => i.role === 'about').map((i) => i.label),
      ['Acerca de Palenca Users'],
    );
  });

  test('on macOS About stays in the app menu, not twice', () => {
    const template = buildMenuTemplate({ isMac: true, isPackaged: true }, en, {
      checkForUpdates: () => {},
    });
    const help = submenu(template.at(-1));
    assert.deepEqual(
      help.map((i) => i.label),
      [en.menuCheckUpdates],
    );
    assert.ok(submenu(template[0]).some((i) => i.role === 'about'));
  });

  test('without actions there is no Help menu (the menu as before)', () => {
    const labels = buildMenuTemplate({ isMac: false, isPackaged: true }, en).map((i) => i.label);
    assert.ok(!labels.includes(en.menuHelp));
  });
});

describe('what Check for Updates… says', () => {
  test('when this copy cannot update itself: why, and where the newest version is', () => {
    const deb = updatesOffDialog(en, 'system_package', PAGE);
    assert.equal(deb.message, 'This copy of Palenca Users cannot update itself.');
    assert.match(deb.detail, /\.deb package, and only an administrator/);
    assert.match(
      deb.detail,
      /Download the newest version from this page, or ask your IT department/,
    );
    assert.ok(deb.detail.endsWith(PAGE));
    assert.equal(deb.buttons[deb.openPageButton ?? -1], 'Open download page');
    assert.equal(deb.buttons[deb.cancelId], 'OK');

    const dev = updatesOffDialog(es, 'development', null);
    assert.equal(dev.message, 'Esta copia de Palenca Users no puede actualizarse sola.');
    assert.match(dev.detail, /copia de desarrollo/);
    assert.match(dev.detail, /Pide la versión más reciente a tu departamento de TI/);
    assert.equal(dev.openPageButton, null);
    assert.deepEqual(dev.buttons, ['Aceptar']);
  });

  test('every reason has its own words in every language', () => {
    const reasons: UpdatesOffReason[] = [
      'development',
      'disabled_in_build',
      'system_package',
      'not_appimage',
      'no_feed',
      'unsupported_platform',
    ];
    for (const locale of LOCALES) {
      const strings = shellStringsFor(locale);
      for (const reason of reasons) assert.ok(offReasonText(strings, reason).length > 10);
    }
    assert.match(offReasonText(pt, 'disabled_in_build'), /Mac/);
  });

  test('up to date, downloading, ready (with Restart to update), failed', () => {
    const none = updateCheckDialog(en, { state: 'none' }, '1.2.0');
    assert.equal(none.message, 'You have the newest version of Palenca Users.');
    assert.equal(none.detail, 'Palenca Users 1.2.0');
    assert.equal(none.restartButton, null);

    const downloading = updateCheckDialog(pt, { state: 'downloading', version: '1.3.0' }, '1.2.0');
    assert.equal(downloading.message, 'Uma nova versão do Palenca Users está sendo baixada.');
    assert.match(downloading.detail, /^Palenca Users 1\.3\.0\n/);

    const ready = updateCheckDialog(es, { state: 'ready', version: '1.3.0' }, '1.2.0');
    assert.equal(ready.message, 'Una nueva versión de Palenca Users está lista.');
    assert.deepEqual(ready.buttons, ['Reiniciar para actualizar', 'Más tarde']);
    assert.equal(ready.restartButton, 0);
    assert.equal(ready.cancelId, 1, 'Escape means Later, never a restart');

    const failed = updateCheckDialog(en, { state: 'failed' }, '1.2.0');
    assert.equal(failed.type, 'warning');
    assert.equal(failed.message, 'Palenca Users could not check for updates.');
    assert.match(failed.detail, /internet connection/);
  });

  test('a restart chosen during an export waits, and says so', () => {
    const box = exportRunningDialog(en);
    assert.equal(box.message, 'An export is running.');
    assert.match(box.detail, /Restart to update when it has finished/);
  });
});
