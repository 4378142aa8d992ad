// Main hears of every settings change the page makes (to re-label its menus in a new
// language) through the backend's typed `onSettingsChanged`, with the settings as saved.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Settings } from '#common/models.ts';
import { createBackend } from '../../electron/backend/backend.ts';
import { testBackendOptions } from '../support/backend-options.ts';

test('updateSettings tells main the saved settings; reading them tells nothing', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'palenca-settings-changed-'));
  try {
    const heard: Settings[] = [];
    const backend = createBackend(
      testBackendOptions({ dataDir, onSettingsChanged: (settings) => heard.push(settings) }),
    );
    await backend.dispatch('getSettings', undefined);
    assert.equal(heard.length, 0);
    const updated = await backend.dispatch('updateSettings', { locale: 'es' });
    assert.ok(updated.ok);
    assert.deepEqual(heard, [updated.value]);
    assert.equal(heard[0]?.locale, 'es');
    const refused = await backend.dispatch('updateSettings', { locale: 'xx' } as never);
    assert.equal(refused.ok, false);
    assert.equal(heard.length, 1, 'a refused call changed nothing, so nothing is told');
    await backend.shutdown();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
