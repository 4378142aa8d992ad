// Excel-ready by default: the CSV separator follows the computer's region (not the app's
// language), a semicolon where the region writes decimals with a comma, and the file starts
// with the mark that makes Excel show accents. A separator picked in Settings wins.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import {
  eventually,
  exportThroughStep,
  finish,
  localDay,
  openSavingTo,
  openWithKey,
  WAIT,
} from './app-support.ts';

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 400, seed: 11 });
});
after(() => fake.close());

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Exports the default window (last 30 days) with the app in English on `region`. */
async function exportOn(region: string) {
  const { app, page, folder } = await openSavingTo(fake, `palenca-csv-${region}-`, {
    locale: 'en-US',
    region,
  });
  await page.getByText(/^Showing 1–/).waitFor(WAIT);

  // Settings says which separator this region's Excel expects, and has it chosen.
  await page.getByRole('button', { name: 'Settings' }).click();
  const regional = page.getByText('(what Excel expects in your region)');
  await regional.waitFor(WAIT);
  const checked = {
    comma: await page.getByLabel('Comma ( , )').isChecked(),
    semicolon: await page.getByLabel('Semicolon ( ; )').isChecked(),
    regionalBeside: (await page.locator('label', { has: regional }).textContent()) ?? '',
  };
  assert.equal(
    await page.getByLabel('Make accents show correctly in Excel (recommended)').isChecked(),
    true,
  );
  await page.getByRole('button', { name: 'Back to users' }).click();

  await exportThroughStep(page);
  await page.getByText(/^Export finished: /).waitFor(WAIT);
  const [name] = await readdir(folder);
  assert.ok(name, 'a file was saved');
  const bytes = await readFile(join(folder, name));
  await finish(app);
  return { bytes, checked, users: fake.countInWindow(localDay(-29), localDay(0)) };
}

test('region pt-BR: the file is semicolon-separated, with the accents mark', async () => {
  const { bytes, checked, users } = await exportOn('pt-BR');
  assert.deepEqual(checked.semicolon && !checked.comma, true);
  assert.match(checked.regionalBeside, /Semicolon/);
  assert.deepEqual(bytes.subarray(0, 3), BOM);
  const rows = parse(bytes, { bom: true, delimiter: ';', columns: true }) as Record<
    string,
    string
  >[];
  assert.equal(rows.length, users);
  assert.ok(Object.keys(rows[0] ?? {}).length >= 3, 'several columns, not one');
  const header = bytes.subarray(3).toString('utf8').split(/\r?\n/)[0] ?? '';
  assert.ok(header.includes(';') && !header.includes(','), header);
});

test('region es-MX (decimal point): the file is comma-separated, with the accents mark', async () => {
  const { bytes, checked, users } = await exportOn('es-MX');
  assert.deepEqual(checked.comma && !checked.semicolon, true);
  assert.match(checked.regionalBeside, /Comma/);
  assert.deepEqual(bytes.subarray(0, 3), BOM);
  const rows = parse(bytes, { bom: true, delimiter: ',', columns: true }) as Record<
    string,
    string
  >[];
  assert.equal(rows.length, users);
  assert.ok(Object.keys(rows[0] ?? {}).length >= 3, 'several columns, not one');
});

test("a separator picked in Settings wins over the region's", async () => {
  const app = await openWithKey(fake, { region: 'pt-BR' });
  const { page } = app;
  await page.getByText(/^Showing 1–/).waitFor(WAIT);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Comma ( , )').check();
  await eventually('the choice is saved', async () => {
    const settings = await app.backend.dispatch('getSettings', undefined);
    return settings.ok && settings.value.csv.delimiter === ',' && settings.value.csvDelimiterChosen;
  });
  await finish(app);
});
