import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ExportHistoryEntry } from '#common/models.ts';
import { createLogger } from '../../electron/backend/log.ts';
import {
  createSettingsStore,
  defaultSettings,
  HISTORY_LIMIT,
  readSavedLocaleSync,
  SETTINGS_FILE,
} from '../../electron/backend/settings/settings-store.ts';

const freshStore = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'palenca-settings-'));
  return { dir, store: createSettingsStore(dir, createLogger(null)) };
};

const entry = (n: number): ExportHistoryEntry => ({
  id: `id-${n}`,
  finishedAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
  environment: 'sandbox',
  filter: { from: '2026-01-01', to: '2026-01-31' },
  rows: n,
  path: `/tmp/export-${n}.csv`,
});

test('no file yet: the defaults, last 30 days, sandbox, Excel-friendly CSV', async () => {
  const { store } = await freshStore();
  const settings = await store.read();
  const defaults = defaultSettings();
  assert.deepEqual(settings, defaults);
  assert.equal(settings.environment, 'sandbox');
  assert.equal(settings.filter.preset, 'last30');
  assert.deepEqual(settings.csv, { delimiter: ',', bom: true });
  const fixed = defaultSettings(new Date('2026-03-01T12:00:00Z'));
  assert.deepEqual(fixed.filter, { from: '2026-01-31', to: '2026-03-01', preset: 'last30' });
});

test('updates persist, and the file is whole JSON with no temporary file left', async () => {
  const { dir, store } = await freshStore();
  await store.update({ environment: 'production', pageSize: 150 });
  const reread = await createSettingsStore(dir, createLogger(null)).read();
  assert.equal(reread.environment, 'production');
  assert.equal(reread.pageSize, 150);
  assert.deepEqual(await readdir(dir), [SETTINGS_FILE]);
  JSON.parse(await readFile(join(dir, SETTINGS_FILE), 'utf8'));
});

test('quick successive updates are applied in order, none lost', async () => {
  const { store } = await freshStore();
  await Promise.all([
    store.update({ environment: 'production' }),
    store.update({ pageSize: 25 }),
    store.update({ csv: { delimiter: ';', bom: false } }),
    store.addExportHistory(entry(1)),
  ]);
  const settings = await store.read();
  assert.equal(settings.environment, 'production');
  assert.equal(settings.pageSize, 25);
  assert.deepEqual(settings.csv, { delimiter: ';', bom: false });
  assert.equal(settings.exportHistory.length, 1);
});

test('the export history keeps the newest twenty', async () => {
  const { store } = await freshStore();
  for (let n = 1; n <= HISTORY_LIMIT + 5; n++) await store.addExportHistory(entry(n));
  const { exportHistory } = await store.read();
  assert.equal(exportHistory.length, HISTORY_LIMIT);
  assert.equal(exportHistory[0]?.id, `id-${HISTORY_LIMIT + 5}`);
  assert.equal(exportHistory.at(-1)?.id, 'id-6');
});

test('one bad value falls back alone; the rest of the settings survive', async () => {
  const { dir, store } = await freshStore();
  await writeFile(
    join(dir, SETTINGS_FILE),
    JSON.stringify({ environment: 'staging', pageSize: 100, locale: 'es', csv: { bom: 'yes' } }),
  );
  const settings = await store.read();
  assert.equal(settings.environment, 'sandbox');
  assert.equal(settings.pageSize, 100);
  assert.equal(settings.locale, 'es');
  assert.deepEqual(settings.csv, { delimiter: ',', bom: true });
});

test('an unreadable file is kept aside for inspection, not overwritten', async () => {
  const { dir, store } = await freshStore();
  await writeFile(join(dir, SETTINGS_FILE), '{"environment": "produc');
  const settings = await store.read();
  assert.deepEqual(settings, defaultSettings());
  const files = await readdir(dir);
  const aside = files.find((f) => f.startsWith(`${SETTINGS_FILE}.unreadable-`));
  assert.ok(aside, `kept aside: ${files.join(', ')}`);
  assert.equal(await readFile(join(dir, aside), 'utf8'), '{"environment": "produc');
  await store.update({ pageSize: 25 });
  assert.equal((await store.read()).pageSize, 25);
});

test('the saved language, read before start-up: the choice the store wrote', async () => {
  const { dir, store } = await freshStore();
  for (const locale of ['es', 'pt-BR', 'en'] as const) {
    await store.update({ locale });
    assert.equal(readSavedLocaleSync(dir), locale);
  }
  await store.update({ locale: null });
  assert.equal(readSavedLocaleSync(dir), null, '"System default" is no choice');
});

test('the saved language is null, never an error, when there is nothing usable', async () => {
  const { dir } = await freshStore();
  assert.equal(readSavedLocaleSync(dir), null, 'no file yet');
  assert.equal(readSavedLocaleSync(join(dir, 'no', 'such', 'folder')), null, 'no folder');
  const file = join(dir, SETTINGS_FILE);
  for (const text of [
    '{"locale": "es"',
    '',
    'null',
    '"es"',
    '[]',
    '{"locale": "fr"}',
    '{"locale": 7}',
    '{"locale": "ES"}',
    '{"environment": "production"}',
  ]) {
    await writeFile(file, text);
    assert.equal(readSavedLocaleSync(dir), null, text);
    assert.equal(await readFile(file, 'utf8'), text, 'left as it was for read() to handle');
  }
  const other = await mkdtemp(join(tmpdir(), 'palenca-settings-'));
  await mkdir(join(other, SETTINGS_FILE));
  assert.equal(readSavedLocaleSync(other), null, 'a folder where the file should be');
});

test('the saved language survives other settings being damaged', async () => {
  const { dir } = await freshStore();
  await writeFile(
    join(dir, SETTINGS_FILE),
    JSON.stringify({ environment: 'staging', pageSize: 'lots', locale: 'pt-BR' }),
  );
  assert.equal(readSavedLocaleSync(dir), 'pt-BR');
});

test('the CSV separator defaults from the region: a semicolon where decimals take a comma', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'palenca-settings-'));
  const storeIn = (region: string) => createSettingsStore(dir, createLogger(null), { region });
  assert.deepEqual((await storeIn('pt-BR').read()).csv, { delimiter: ';', bom: true });
  assert.deepEqual((await storeIn('es-MX').read()).csv, { delimiter: ',', bom: true });
  assert.equal(defaultSettings(new Date(), 'es-CO').csv.delimiter, ';');
  assert.equal(defaultSettings(new Date()).csv.delimiter, ',', 'no region: a comma');

  // Saving anything else keeps following the region: only a picked separator sticks.
  await storeIn('pt-BR').update({ pageSize: 100, csv: { delimiter: ';', bom: false } });
  const brazil = await storeIn('pt-BR').read();
  assert.deepEqual(brazil.csv, { delimiter: ';', bom: false });
  assert.equal(brazil.csvDelimiterChosen, false, 'the same separator is no choice');
  assert.deepEqual((await storeIn('es-MX').read()).csv, { delimiter: ',', bom: false });
});

test("a separator the person picked wins over the region's, across restarts", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'palenca-settings-'));
  const storeIn = (region: string) => createSettingsStore(dir, createLogger(null), { region });
  await storeIn('pt-BR').update({ csv: { delimiter: ',', bom: true } });
  for (const region of ['pt-BR', 'es-MX', 'es-AR']) {
    const settings = await storeIn(region).read();
    assert.equal(settings.csv.delimiter, ',', region);
    assert.equal(settings.csvDelimiterChosen, true);
  }
  // Choosing another option later is still the person's choice.
  await storeIn('es-MX').update({ csv: { delimiter: ';', bom: true } });
  assert.equal((await storeIn('es-MX').read()).csv.delimiter, ';');
});

test('a file from before the separator followed the region: a semicolon there was chosen', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'palenca-settings-'));
  const file = join(dir, SETTINGS_FILE);
  const storeIn = (region: string) => createSettingsStore(dir, createLogger(null), { region });
  // The old default (a comma, always) follows the region now.
  await writeFile(file, JSON.stringify({ csv: { delimiter: ',', bom: true } }));
  assert.deepEqual((await storeIn('pt-BR').read()).csv, { delimiter: ';', bom: true });
  // A semicolon was never a default then: the person picked it.
  await writeFile(file, JSON.stringify({ csv: { delimiter: ';', bom: false } }));
  const old = await storeIn('es-MX').read();
  assert.deepEqual(old.csv, { delimiter: ';', bom: false });
  assert.equal(old.csvDelimiterChosen, true);
});

test('the date window is remembered, a one-off external ID never is', async () => {
  const { dir, store } = await freshStore();
  await store.update({
    filter: { from: '2026-01-01', to: '2026-01-31', preset: 'custom', externalId: 'cus_1' },
  } as never);
  assert.deepEqual((await store.read()).filter, {
    from: '2026-01-01',
    to: '2026-01-31',
    preset: 'custom',
  });
  assert.ok(!(await readFile(join(dir, SETTINGS_FILE), 'utf8')).includes('cus_1'));
  // One saved by an older version is not brought back either.
  await writeFile(
    join(dir, SETTINGS_FILE),
    JSON.stringify({
      filter: { from: '2026-02-01', to: '2026-02-02', externalId: 'x', preset: 'custom' },
    }),
  );
  assert.deepEqual((await store.read()).filter, {
    from: '2026-02-01',
    to: '2026-02-02',
    preset: 'custom',
  });
});

test('the new presets are remembered', async () => {
  const { store } = await freshStore();
  for (const preset of ['yesterday', 'last90', 'allTime'] as const) {
    await store.update({ filter: { from: '2019-01-01', to: '2026-01-31', preset } });
    assert.equal((await store.read()).filter.preset, preset);
  }
});

test('unchecked keys: environment names only, changed without losing a concurrent write', async () => {
  const { dir, store } = await freshStore();
  assert.deepEqual((await store.read()).uncheckedKeys, []);
  await Promise.all([
    store.change(({ uncheckedKeys }) => ({ uncheckedKeys: [...uncheckedKeys, 'production'] })),
    store.change(({ uncheckedKeys }) => ({ uncheckedKeys: [...uncheckedKeys, 'sandbox'] })),
  ]);
  assert.deepEqual((await store.read()).uncheckedKeys, ['sandbox', 'production']);
  await writeFile(join(dir, SETTINGS_FILE), JSON.stringify({ uncheckedKeys: ['staging'] }));
  assert.deepEqual((await store.read()).uncheckedKeys, []);
});
