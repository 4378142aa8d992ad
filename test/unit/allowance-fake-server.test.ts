// The governor on the real fake Palenca, over loopback, with the allowance enforced: whole
// exports, scaled down to 100 requests per 2-second window so they take seconds, not minutes.
// Exact files, no 429 drawn, never more than the share of any window; with other traffic;
// and through a burst of 429s.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { AllowanceGovernor } from '../../electron/backend/allowance/allowance-governor.ts';
import { exportUsers } from '../../electron/backend/export/export-engine.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { clientOn } from '../support/fake-client.ts';

const TODAY = '2025-06-30';
const FILTER = { from: '2024-07-01', to: TODAY };
const LIMIT = 100;
const WINDOW_MS = 2000;

let fake: FakePalenca;
let dir: string;

before(async () => {
  fake = await startFakePalenca({
    users: 40_000,
    today: TODAY,
    days: 365,
    latencyMs: 20,
    allowance: { limit: LIMIT, windowMs: WINDOW_MS },
  });
  dir = await mkdtemp(join(tmpdir(), 'palenca-allowance-'));
});
after(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

/** Exports the window with a fresh governor at `share`, into a new file. */
async function paced(name: string, share = 0.5) {
  fake.requests.length = 0;
  const governor = new AllowanceGovernor({ share });
  const states = new Set<string>();
  governor.onStatus((status) => states.add(status.state));
  const client = clientOn(fake, { governor });
  const target = join(dir, name);
  const result = await exportUsers({
    client,
    filter: FILTER,
    targetPath: target,
    csv: { delimiter: ',', bom: false },
    allowance: governor,
  });
  return { result, target, states, requests: [...fake.requests] };
}

async function assertExact(target: string) {
  const rows = parse(await readFile(target), { record_delimiter: '\r\n' }) as string[][];
  const expected = fake.usersInWindow(FILTER.from, FILTER.to).map((u) => u.user_id);
  assert.equal(rows.length - 1, expected.length, 'one row per user');
  assert.deepEqual(
    rows.slice(1).map((row) => row[0]),
    expected,
    'every user once, newest first',
  );
}

describe('exports under the allowance', () => {
  test('40,000 users at the default share: exact, no 429, never above half a window', async () => {
    const total = fake.countInWindow(FILTER.from, FILTER.to);
    assert.equal(total, 40_000);
    const { result, target, requests } = await paced('half.csv');
    assert.ok(result.ok, JSON.stringify(result));
    await assertExact(target);
    assert.deepEqual(
      requests.filter((r) => r.refused),
      [],
      'no request was refused',
    );
    const most = Math.max(...fake.windowUsage().values());
    assert.ok(most <= LIMIT / 2, `at most ${LIMIT / 2} in any window, saw ${most}`);
    assert.ok(requests.length >= 268, `${requests.length} requests for 267 pages and a check`);
  });

  test('with other traffic spending a third of each window, still exact (slower)', async () => {
    fake.setAllowance({ otherTraffic: Math.round(LIMIT / 3) });
    try {
      const { result, target, requests, states } = await paced('others.csv');
      assert.ok(result.ok, JSON.stringify(result));
      await assertExact(target);
      assert.deepEqual(
        requests.filter((r) => r.refused),
        [],
        'the app left the others their part',
      );
      assert.ok(states.has('held_back'), 'the person was told others use the allowance');
    } finally {
      fake.setAllowance({ otherTraffic: 0 });
    }
  });

  test('a burst of 429s mid-export pauses until the reset, and the file is exact', async () => {
    let burst = false;
    fake.onRequest((request) => {
      // A third of the way in, the organisation's integration spends the whole window.
      if (
        !burst &&
        request.body &&
        (request.body as { options?: { page?: number } }).options?.page === 90
      ) {
        burst = true;
        fake.exhaustWindow();
      }
    });
    try {
      const { result, target, requests, states } = await paced('burst.csv');
      assert.ok(result.ok, JSON.stringify(result));
      await assertExact(target);
      const refused = requests.filter((r) => r.refused);
      assert.ok(refused.length >= 1, 'the burst was met');
      assert.ok(states.has('waiting'), 'the person was told of the wait');
      // After the first refusal, nothing but requests already in flight went out before the
      // window ended: the governor paused instead of fighting.
      const first = refused[0];
      assert.ok(first);
      const sameWindow = requests.filter(
        (r) => r.at > first.at && r.windowStart === first.windowStart,
      );
      assert.ok(
        sameWindow.length <= 4,
        `${sameWindow.length} requests sent into the refused window`,
      );
    } finally {
      fake.onRequest(null);
    }
  });
});
