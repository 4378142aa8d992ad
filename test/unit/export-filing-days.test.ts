// "Since the last export" on a computer whose day is not Palenca's filing day (UTC, assumed):
// east of UTC the local day starts hours before Palenca's, west of it ends hours after. The
// window and the mark follow the earliest day users may still be filed under, so no user is
// ever missed, whichever side of UTC the computer is on.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ExportOptions } from '#common/models.ts';
import { filingDaysNow } from '../../electron/backend/export/connected-on.ts';
import {
  markMoves,
  sinceLastWindow,
  windowUpToNow,
} from '../../electron/backend/export/export-plan.ts';
import type { LastExportRecord } from '../../electron/backend/export/last-export-store.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { rowsOfBomCsv } from '../support/saved-csv.ts';
import { type ExportApp, exportApp } from './export-app-harness.ts';

const PLAIN: ExportOptions = { withDay: false, withAccounts: false, sinceLast: false };
const SINCE_LAST: ExportOptions = { ...PLAIN, sinceLast: true };

/** Runs `body` with the process in time zone `zone` (Node reads TZ again when it is set). */
function inZone<T>(zone: string, body: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

const mark = (day: string): LastExportRecord => ({
  environment: 'sandbox',
  day,
  finishedAt: `${day}T00:00:00.000Z`,
  userIds: [],
});

describe('the days Palenca may be filing under', () => {
  it('east of UTC (Tokyo, 05:00 on 1 July, still 30 June in UTC)', () => {
    inZone('Asia/Tokyo', () => {
      const now = new Date('2025-06-30T20:00:00Z');
      assert.deepEqual(filingDaysNow(now), { earliest: '2025-06-30', latest: '2025-07-01' });
      // The window ends on the day still being filled, and the mark may not pass it.
      assert.equal(sinceLastWindow(mark('2025-06-20'), now).to, '2025-06-30');
      assert.equal(markMoves(null, '2025-07-01', now), false, 'a day not yet started in UTC');
      assert.equal(markMoves(null, '2025-06-30', now), true);
      assert.deepEqual(windowUpToNow({ from: '2025-06-01', to: '2025-07-31' }, now), {
        from: '2025-06-01',
        to: '2025-07-01',
      });
    });
  });

  it('west of UTC (Mexico City, 20:00 on 30 June, already 1 July in UTC)', () => {
    inZone('America/Mexico_City', () => {
      const now = new Date('2025-07-01T02:00:00Z');
      assert.deepEqual(filingDaysNow(now), { earliest: '2025-06-30', latest: '2025-07-01' });
      assert.equal(sinceLastWindow(mark('2025-06-20'), now).to, '2025-06-30');
      assert.equal(markMoves(null, '2025-07-01', now), false);
      assert.equal(markMoves(mark('2025-06-30'), '2025-06-29', now), false, 'never backwards');
      // A window entirely after the last filing day is left as asked: it has nobody.
      const later = { from: '2025-07-05', to: '2025-07-09' };
      assert.deepEqual(windowUpToNow(later, now), later);
    });
  });
});

describe('since the last export, east of UTC, through the app', () => {
  let fake: FakePalenca;
  let root: string;
  let app: ExportApp;
  let now = new Date('2025-06-30T20:00:00Z');

  before(async () => {
    process.env.TZ = 'Asia/Tokyo';
    fake = await startFakePalenca({ users: 300, today: '2025-06-30', days: 30, seed: 5 });
    root = await mkdtemp(join(tmpdir(), 'palenca-filing-days-'));
    app = exportApp(
      fake,
      join(root, 'data'),
      () => now.toISOString().slice(0, 10),
      () => now,
    );
  });
  after(async () => {
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });

  const exportTo = async (name: string, options: ExportOptions) => {
    app.answer = join(root, name);
    const result = await app.exports.exportUsers({
      environment: 'sandbox',
      filter: { from: '2025-06-01', to: '2025-06-30' },
      options,
    });
    assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
    return result.value;
  };
  const idsIn = async (name: string) =>
    rowsOfBomCsv(await readFile(join(root, name)), ',')
      .slice(1)
      .map((row) => row[0]);

  it('users filed under the UTC day after an export are exported by the next one', async () => {
    await exportTo('all.csv', PLAIN);
    fake.insertUsers(2, '2025-06-30');
    const first = fake.usersInWindow('2025-06-30', '2025-06-30').slice(0, 2);
    const second = await exportTo('second.csv', SINCE_LAST);
    assert.equal(second.status, 'done');
    assert.deepEqual(
      await idsIn('second.csv'),
      first.map((u) => u.user_id),
    );

    // Later that UTC day (local 1 July), three more: the next day in Tokyo brings them.
    fake.insertUsers(3, '2025-06-30');
    const third = fake.usersInWindow('2025-06-30', '2025-06-30').slice(0, 3);
    now = new Date('2025-07-01T20:00:00Z');
    const result = await exportTo('third.csv', SINCE_LAST);
    assert.equal(result.status, 'done', 'not "nothing new": three users came');
    assert.deepEqual(
      await idsIn('third.csv'),
      third.map((u) => u.user_id),
    );
  });
});
