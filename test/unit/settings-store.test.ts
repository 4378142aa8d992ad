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

// A settings.json exactly as the version before issue 18 wrote it: no exportRecordFile, no
// exportFormat, history entries of six fields (one with an external ID).
const BEFORE_ISSUE_18 = {
  environment: 'production',
  filter: { from: '2026-02-01', to: '2026-03-02', preset: 'last30' },
  pageSize: 50,
  exportFolder: '/home/ana/Exports',
  locale: 'es',
  csv: { delimiter: ';', bom: true },
  csvDelimiterChosen: true,
  uncheckedKeys: [],
  allowanceShare: 50,
  exportHistory: [
    {
      id: '6c1f8f7e-8d2a-4a8e-9d55-0f4f5a1b2c3d',
      finishedAt: '2026-03-02T15:04:05.678Z',
      environment: 'production',
      filter: { from: '2026-02-01', to: '2026-03-02' },
      rows: 1520,
      path: '/home/ana/Exports/palenca-users_production_2026-02-01_2026-03-02.csv',
    },
    {
      id: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
      finishedAt: '2026-03-01T09:00:00.000Z',
      environment: 'sandbox',
      filter: { from: '2026-03-01', to: '2026-03-01', externalId: 'cus_0042' },
      rows: 3,
      path: '/home/ana/Exports/one.csv',
    },
  ],
};

test('a history written before issue 18 reads whole; one bad entry is dropped, not the list', async () => {
  const { dir, store } = await freshStore();
  const [first, second] = BEFORE_ISSUE_18.exportHistory;
  const bad = [
    { ...first, id: 'no-rows', rows: undefined },
    { ...first, id: 'bad-day', filter: { from: '2026-3-1', to: '2026-03-02' } },
    { ...first, id: 'bad-env', environment: 'staging' },
    'not an entry',
    null,
  ];
  const file = {
    ...BEFORE_ISSUE_18,
    exportHistory: [first, bad[0], bad[1], second, bad[2], bad[3], bad[4]],
  };
  await writeFile(join(dir, SETTINGS_FILE), `${JSON.stringify(file, null, 2)}\n`);
  const settings = await store.read();
  assert.deepEqual(settings.exportHistory, [first, second]);
  // The rest of the file as it was; the new settings at their defaults.
  assert.equal(settings.environment, 'production');
  assert.equal(settings.exportFolder, '/home/ana/Exports');
  assert.deepEqual(settings.csv, { delimiter: ';', bom: true });
  assert.equal(settings.exportRecordFile, false);
  assert.equal(settings.exportFormat, 'csv');
  // The file was not moved aside as unreadable.
  assert.deepEqual(await readdir(dir), [SETTINGS_FILE]);
});

test('the record fields round-trip; a bad one is left out, its entry kept', async () => {
  const { dir, store } = await freshStore();
  const full: ExportHistoryEntry = {
    ...entry(1),
    format: 'xlsx',
    options: { withDay: true, withAccounts: false, sinceLast: true },
    startedAt: '2026-01-01T00:00:30.000Z',
    appVersion: '0.2.0',
    sha256: 'a'.repeat(64),
  };
  await store.addExportHistory(full);
  await store.update({ exportRecordFile: true, exportFormat: 'xlsx' });
  const reread = await createSettingsStore(dir, createLogger(null)).read();
  assert.deepEqual(reread.exportHistory, [full]);
  assert.equal(reread.exportRecordFile, true);
  assert.equal(reread.exportFormat, 'xlsx');

  const raw = JSON.parse(await readFile(join(dir, SETTINGS_FILE), 'utf8'));
  raw.exportHistory = [
    { ...full, format: 'pdf', sha256: 'not a hash', options: { withDay: 'yes' } },
  ];
  raw.exportFormat = 'pdf';
  await writeFile(join(dir, SETTINGS_FILE), JSON.stringify(raw));
  const damaged = await store.read();
  const { format: _f, sha256: _s, options: _o, ...kept } = full;
  assert.deepEqual(damaged.exportHistory, [kept]);
  assert.equal(damaged.exportFormat, 'csv');
});
