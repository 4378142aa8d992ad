// The follow-up CSV on hand-made rows: formula-safe, quoted where needed, either whole or not
// there at all (a file it replaces stays as it was when writing stops).
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { FollowUp } from '#common/models.ts';
import {
  FOLLOW_UP_COLUMNS,
  writeFollowUpsCsv,
} from '../../electron/backend/connections/follow-up-csv.ts';
import { followUpPage } from '../../electron/backend/connections/follow-up-list.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palenca-follow-up-csv-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const item = (patch: Partial<FollowUp> = {}): FollowUp => ({
  loginId: 'l-1',
  accountId: 'a-1',
  platform: 'uber',
  status: 'error',
  statusDetails: 'login_refused',
  source: 'widget',
  createdAt: '2025-06-30T10:00:00Z',
  group: 'action',
  reason: 'login_refused',
  ...patch,
});

describe('follow-up CSV', () => {
  it('guards formulas and quotes separators, in either separator', async () => {
    const rows = [
      item({ platform: '=HYPERLINK("http://x","y")', statusDetails: '-2+3' }),
      item({ loginId: 'l-2', source: '@SUM(A1)', statusDetails: 'a;b,c', platform: null }),
    ];
    for (const delimiter of [',', ';'] as const) {
      const target = join(dir, `guard-${delimiter === ',' ? 'comma' : 'semicolon'}.csv`);
      const written = await writeFollowUpsCsv(target, rows, { delimiter, bom: false });
      assert.deepEqual(written, { ok: true, value: { rows: 2 } });
      const parsed = parse(await readFile(target, 'utf8'), { delimiter }) as string[][];
      assert.deepEqual(parsed[0], [...FOLLOW_UP_COLUMNS]);
      assert.equal(parsed[1]?.[2], `'=HYPERLINK("http://x","y")`);
      assert.equal(parsed[1]?.[4], "'-2+3");
      assert.equal(parsed[2]?.[2], '', 'no platform: an empty field');
      assert.equal(parsed[2]?.[4], 'a;b,c');
      assert.equal(parsed[2]?.[6], "'@SUM(A1)");
      assert.equal(parsed.length, 3);
    }
  });

  it('a write stopped part-way leaves the old file and no temporary file', async () => {
    const folder = await mkdtemp(join(dir, 'stopped-'));
    const target = join(folder, 'list.csv');
    await writeFile(target, 'the old file');
    const controller = new AbortController();
    function* rows() {
      for (let i = 0; i < 10_000; i++) {
        if (i === 5_000) controller.abort();
        yield item({ loginId: `l-${i}` });
      }
    }
    const written = await writeFollowUpsCsv(
      target,
      rows(),
      { delimiter: ',', bom: false },
      controller.signal,
    );
    assert.equal(!written.ok && written.error.code, 'cancelled');
    assert.equal(await readFile(target, 'utf8'), 'the old file');
    assert.deepEqual(await readdir(folder), ['list.csv']);
  });

  it('a folder that is gone is write_failed, naming it', async () => {
    const target = join(dir, 'gone', 'list.csv');
    const written = await writeFollowUpsCsv(target, [item()], { delimiter: ',', bom: true });
    assert.equal(!written.ok && written.error.code, 'write_failed');
    assert.match(!written.ok ? written.error.message : '', /gone/);
  });
});

describe('follow-up pages', () => {
  const list = Array.from({ length: 25 }, (_, i) =>
    item({
      loginId: `l-${i}`,
      platform: i % 5 === 0 ? null : i % 2 ? 'uber' : 'didi',
      group: i % 3 ? 'action' : 'failed',
    }),
  );
  it('slices the filtered list and says its size', () => {
    const page = followUpPage(list, { platform: 'uber' }, 2, 4);
    const uber = list.filter((f) => f.platform === 'uber');
    assert.deepEqual(page.items, uber.slice(4, 8));
    assert.deepEqual(page.pagination, {
      page: 2,
      items_per_page: 4,
      total_items: uber.length,
      total_pages: Math.ceil(uber.length / 4),
    });
  });
  it("'' selects the attempts without a platform; groups filter too", () => {
    const none = followUpPage(list, { platform: '', group: 'failed' }, 1, 100);
    assert.deepEqual(
      none.items.map((f) => f.loginId),
      ['l-0', 'l-15'],
    );
    assert.equal(followUpPage(list, {}, 1, 100).pagination.total_items, 25);
    assert.equal(followUpPage([], {}, 1, 10).pagination.total_pages, 0);
  });
});
