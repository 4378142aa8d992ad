// The application menu in the packaged app and in development: zoom everywhere, developer
// items only in development, and the Help menu's support items beside Check for Updates….
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate } from '../../electron/main/menu/menu-template.ts';
import {
  isAllowedExternalUrl,
  PALENCA_DOCS_URL,
} from '../../electron/main/security/external-links.ts';
import { shellStringsFor } from '../../electron/main/shell-strings.ts';

const en = shellStringsFor('en');
const es = shellStringsFor('es');
type Item = MenuItemConstructorOptions;
const submenu = (item: Item | undefined) => (item?.submenu ?? []) as Item[];
const roles = (items: Item[]) => items.map((i) => i.role).filter(Boolean);

/** Records which support action each Help item runs. */
function actions() {
  const ran: string[] = [];
  return {
    ran,
    help: { checkForUpdates: () => ran.push('updates') },
    support: {
      openDocs: () => ran.push('docs'),
      openLogFolder: () => ran.push('logs'),
      copyDiagnostics: () => ran.push('diagnostics'),
    },
  };
}

describe('the View menu', () => {
  for (const isMac of [false, true]) {
    test(`zoom in, zoom out and actual size in the packaged app (${isMac ? 'macOS' : 'Windows/Linux'}), nothing for developers`, () => {
      const template = buildMenuTemplate({ isMac, isPackaged: true }, en);
      const view = template.find((m) => m.label === en.menuView);
      assert.deepEqual(roles(submenu(view)), ['zoomIn', 'zoomOut', 'resetZoom']);
      assert.deepEqual(
        submenu(view).map((i) => i.label),
        ['Zoom In', 'Zoom Out', 'Actual Size'],
      );
      const everything = JSON.stringify(template);
      assert.doesNotMatch(everything, /reload|toggleDevTools|forceReload/);
    });
  }

  test('in development, Reload and the developer tools follow the zoom items', () => {
    const template = buildMenuTemplate({ isMac: false, isPackaged: false }, es);
    const view = template.find((m) => m.label === es.menuView);
    assert.deepEqual(roles(submenu(view)), [
      'zoomIn',
      'zoomOut',
      'resetZoom',
      'reload',
      'toggleDevTools',
    ]);
    assert.deepEqual(
      submenu(view)
        .slice(0, 3)
        .map((i) => i.label),
      ['Ampliar', 'Reducir', 'Tamaño real'],
    );
  });
});

describe('the Help menu', () => {
  test('Check for Updates…, then the docs, the log folder and Copy Diagnostics, then About', () => {
    const { ran, help, support } = actions();
    const template = buildMenuTemplate({ isMac: false, isPackaged: true }, en, help, support);
    const menu = template.at(-1);
    assert.equal(menu?.role, 'help');
    const items = submenu(menu);
    assert.deepEqual(
      items.map((i) => i.type ?? i.label ?? i.role),
      [
        'Check for Updates…',
        'separator',
        'Palenca Documentation',
        'Open log folder',
        'Copy Diagnostics',
        'separator',
        'About Palenca Users',
      ],
    );
    for (const item of items) (item.click as (() => void) | undefined)?.();
    assert.deepEqual(ran, ['updates', 'docs', 'logs', 'diagnostics']);
  });

  test('on macOS no About (the app menu has it), in Spanish', () => {
    const { help, support } = actions();
    const items = submenu(
      buildMenuTemplate({ isMac: true, isPackaged: true }, es, help, support).at(-1),
    );
    assert.deepEqual(
      items.filter((i) => i.type !== 'separator').map((i) => i.label),
      [
        'Buscar actualizaciones…',
        'Documentación de Palenca',
        'Abrir la carpeta de registros',
        'Copiar diagnóstico',
      ],
    );
  });

  test('with the support items only, no leading separator', () => {
    const { support } = actions();
    const items = submenu(
      buildMenuTemplate({ isMac: true, isPackaged: false }, en, undefined, support).at(-1),
    );
    assert.equal(items[0]?.label, en.menuDocs);
  });

  test("the docs address is Palenca's, and the external-link allow-list lets it through", () => {
    assert.equal(new URL(PALENCA_DOCS_URL).hostname, 'docs.palenca.com');
    assert.equal(isAllowedExternalUrl(PALENCA_DOCS_URL), true);
  });
});
