// Main's question before a stored key is replaced or removed: its words in each language,
// Cancel as the safe default, and, where nobody can be asked, the stored key left alone.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createBackend } from '../../electron/backend/backend.ts';
import { agreedToKeyChange, keyChangeDialog } from '../../electron/main/key-change-dialog.ts';
import { shellStringsFor } from '../../electron/main/shell-strings.ts';
import { memoryKeyStore, testBackendOptions } from '../support/backend-options.ts';

describe("main's key-change question", () => {
  test('the words, in English, Spanish and Portuguese, with the environment named', () => {
    const cases: Array<[Parameters<typeof shellStringsFor>[0], string, string, string]> = [
      ['en', 'Remove the Production key from this computer?', 'Remove key', 'Cancel'],
      ['es', '¿Quitar la clave de Producción de esta computadora?', 'Quitar clave', 'Cancelar'],
      ['pt-BR', 'Remover a chave de Produção deste computador?', 'Remover chave', 'Cancelar'],
    ];
    for (const [locale, message, button, cancel] of cases) {
      const dialog = keyChangeDialog(shellStringsFor(locale), 'remove', 'production');
      assert.equal(dialog.message, message);
      assert.deepEqual(dialog.buttons, [button, cancel]);
      assert.equal(dialog.title, 'Palenca Users');
      assert.ok(dialog.detail.length > 0);
    }
    const replace = keyChangeDialog(shellStringsFor('es'), 'replace', 'sandbox');
    assert.equal(replace.message, '¿Reemplazar la clave de Sandbox guardada en esta computadora?');
    assert.deepEqual(replace.buttons, ['Reemplazar clave', 'Cancelar']);
  });

  test('Cancel is the default and what Escape gives; only the first button is a yes', () => {
    const dialog = keyChangeDialog(shellStringsFor('en'), 'replace', 'sandbox');
    assert.equal(dialog.defaultId, 1);
    assert.equal(dialog.cancelId, 1);
    assert.equal(agreedToKeyChange(0), true);
    assert.equal(agreedToKeyChange(1), false);
  });

  test('with no way to ask (a shell without the question), the stored key stays', async () => {
    const keyStore = memoryKeyStore({ sandbox: 'sk_test_stored_key_4242' });
    const { items } = keyStore;
    // The quiet shell has no `confirmKeyChange`: nobody to ask.
    const backend = createBackend(
      testBackendOptions({
        dataDir: await mkdtemp(join(tmpdir(), 'palenca-key-confirm-')),
        keyStore,
        palencaUrl: 'http://127.0.0.1:9/v1',
      }),
    );
    const replaced = await backend.dispatch('saveKey', {
      environment: 'sandbox',
      key: 'sk_test_someone_elses_9999',
      skipCheck: true,
    });
    assert.equal(!replaced.ok && replaced.error.code, 'cancelled');
    const removed = await backend.dispatch('removeKey', { environment: 'sandbox' });
    assert.equal(!removed.ok && removed.error.code, 'cancelled');
    assert.equal(items.get('sandbox'), 'sk_test_stored_key_4242');
    // A first key replaces nothing, so it needs no question.
    const first = await backend.dispatch('saveKey', {
      environment: 'production',
      key: 'sk_live_first_key_1234',
      skipCheck: true,
    });
    assert.equal(first.ok, true, JSON.stringify(first));
  });
});
