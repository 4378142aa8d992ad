import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCALES } from '#common/models.ts';
import { CHROMIUM_LANG, chromiumLangFor } from '../../electron/main/chromium-lang.ts';

test('each app language has the Chromium locale its date fields use', () => {
  assert.equal(chromiumLangFor('en'), 'en-US');
  assert.equal(chromiumLangFor('es'), 'es-419');
  assert.equal(chromiumLangFor('pt-BR'), 'pt-BR');
  assert.deepEqual(Object.keys(CHROMIUM_LANG).sort(), [...LOCALES].sort());
});

test('"System default" (no saved choice) sets no switch: Chromium follows the OS', () => {
  assert.equal(chromiumLangFor(null), null);
});
