// A language chosen in Settings re-labels main's menus at once: the backend tells main of the
// saved settings (`onSettingsChanged`), and main installs the menu again in that language. The
// built main bundle under the stand-in Electron.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEV_SERVER_URL_VAR } from '../../electron/main/security/dev-server.ts';
import { APP_PAGE, invoke, standIn, startMainBundle } from './stand-in-loader.ts';

const started = startMainBundle(() => {
  process.env.PALENCA_KEYCHAIN_SERVICE = `palenca-users-stand-in-menu-${process.pid}`;
  delete process.env[DEV_SERVER_URL_VAR];
});

const topLabels = (): unknown[] =>
  (standIn.menus.at(-1) as Array<{ label?: string }>).map((item) => item.label);

test('choosing Spanish re-labels the menu; reading the settings does not install it again', async () => {
  assert.ok(topLabels().includes('Edit'), 'English to begin with');
  const installed = standIn.menus.length;
  const read = await invoke(started.window, 'getSettings', undefined, APP_PAGE);
  assert.ok(read.ok);
  assert.equal(standIn.menus.length, installed);
  const saved = await invoke(started.window, 'updateSettings', { locale: 'es' }, APP_PAGE);
  assert.ok(saved.ok, JSON.stringify(saved));
  assert.equal(standIn.menus.length, installed + 1);
  assert.ok(topLabels().includes('Edición'), JSON.stringify(topLabels()));
});
