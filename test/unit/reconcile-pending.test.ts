import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { ReconcileRow } from '#common/models.ts';
import { createLogger } from '../../electron/backend/log.ts';
import {
  loadPending,
  PENDING_FILE_NAME,
  type PendingReconcile,
  savePending,
} from '../../electron/backend/reconcile/pending-file.ts';
import { PendingSaver, type SaverTiming } from '../../electron/backend/reconcile/pending-saver.ts';
import {
  accountsText,
  reconcileCsv,
  TOO_LONG_FOUND,
} from '../../electron/backend/reconcile/reconcile-csv.ts';
import { ReconcileState } from '../../electron/backend/reconcile/reconcile-state.ts';
import { waitFor } from './cli-child.ts';

const log = createLogger(null);

const pending = (results = 0): PendingReconcile => ({
  environment: 'sandbox',
  withStatus: true,
  ids: ['a', 'b ', '=1+1', 'ñ 用户'],
  results: (
    [
      {
        externalId: 'a',
        found: true,
        userIds: ['u1', 'u2'],
        widgetId: 'w',
        accounts: [{ platform: 'uber', group: 'connected' }],
      },
      { externalId: '=1+1', found: false, userIds: [], widgetId: null, accounts: [] },
    ] satisfies ReconcileRow[]
  ).slice(0, results),
  startedAt: '2026-01-01T00:00:00.000Z',
});

describe('the pending reconcile file', () => {
  let root: string;
  let n = 0;
  const freshDir = () => join(root, `d-${++n}`);
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'palenca-pending-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  /** A saver in a fresh folder whose snapshots (of `results` results) are counted. */
  const countingSaver = (timing: SaverTiming, results: number) => {
    const dir = freshDir();
    let count = 0;
    const snapshot = () => {
      count++;
      return pending(results);
    };
    return { dir, saver: new PendingSaver(dir, log, snapshot, timing), snapshots: () => count };
  };

  it('round-trips, owner-only, in a data folder made on first use', async () => {
    const dir = freshDir();
    await savePending(dir, pending(2));
    if (process.platform !== 'win32') {
      assert.equal((await stat(join(dir, PENDING_FILE_NAME))).mode & 0o777, 0o600);
    }
    assert.deepEqual(await loadPending(dir, log), pending(2));
    // Written whole: no temporary file stays beside it.
    assert.deepEqual(await readdir(dir), [PENDING_FILE_NAME]);
  });

  it('keeps the IDs too long to look up; a file without them (older) still resumes', async () => {
    const dir = freshDir();
    const long = 'L'.repeat(201);
    await savePending(dir, { ...pending(1), tooLongIds: [long] });
    assert.deepEqual((await loadPending(dir, log))?.tooLongIds, [long]);
    const older = freshDir();
    await savePending(older, pending(1));
    const loaded = await loadPending(older, log);
    assert.deepEqual(loaded?.ids, pending(1).ids);
    assert.equal(loaded?.tooLongIds, undefined);
  });

  it('the state lists too-long IDs after the results, and the CSV says they were not looked up', () => {
    const long = 'L'.repeat(201);
    const state = new ReconcileState({ ...pending(2), tooLongIds: [long] });
    const all = [...state.rows()];
    assert.deepEqual(
      all.map((r) => [r.externalId, r.found, r.tooLong ?? false]),
      [
        ['a', true, false],
        ['=1+1', false, false],
        [long, false, true],
      ],
    );
    assert.deepEqual(
      [...state.rows('found')].map((r) => r.externalId),
      ['a'],
    );
    // The app's table counts what was looked up (the job's counts): not them.
    assert.deepEqual(
      state.page(1, 10, 'all').rows.map((r) => r.externalId),
      ['a', '=1+1'],
    );
    assert.equal(state.pending().tooLongIds?.[0], long);
    const csv = parse(reconcileCsv(all, true, { delimiter: ',', bom: false }), {
      columns: true,
    }) as Record<string, string>[];
    assert.deepEqual(
      csv.map((r) => [r.external_id, r.found, r.accounts]),
      [
        ['a', 'yes', 'uber: connected'],
        ["'=1+1", 'no', ''],
        [long, TOO_LONG_FOUND, ''],
      ],
    );
  });

  it('the accounts column says groups in words', () => {
    const row: ReconcileRow = {
      externalId: 'x',
      found: true,
      userIds: ['u'],
      widgetId: null,
      accounts: [
        { platform: 'uber', group: 'connected' },
        { platform: 'didi', group: 'action' },
        { platform: null, group: 'waiting' },
      ],
    };
    assert.equal(
      accountsText(row.accounts ?? []),
      'uber: connected; didi: needs action; unknown platform: waiting',
    );
  });

  it('none there: null, nothing made', async () => {
    const dir = freshDir();
    assert.equal(await loadPending(dir, log), null);
  });

  it('the saver writes every 50 results, not every one, and on demand', async () => {
    const { saver, snapshots } = countingSaver(
      { everyResults: 50, afterMs: 600_000, minGapMs: 0 },
      1,
    );
    for (let i = 0; i < 120; i++) saver.noteResult();
    // Queued behind the two the count started (at 50 and 100), so they have run when it ends.
    await saver.save();
    assert.equal(snapshots(), 3);
    saver.stop();
  });

  it('the saver never writes more often than its gap, and saves the rest after a while', async () => {
    const { dir, saver, snapshots } = countingSaver(
      { everyResults: 2, afterMs: 30, minGapMs: 30 },
      2,
    );
    await saver.save();
    assert.equal(snapshots(), 1);
    // Within the gap: the count alone does not write; the timer does, once.
    for (let i = 0; i < 10; i++) saver.noteResult();
    await waitFor(() => snapshots() >= 2, 'the timed save');
    // One more on demand, queued behind any other: only the timed one came before it.
    await saver.save();
    assert.equal(snapshots(), 3);
    assert.deepEqual(await loadPending(dir, log), pending(2));
    saver.stop();
  });

  it('a removal queued after a save leaves no file', async () => {
    const dir = freshDir();
    const saver = new PendingSaver(dir, log, () => pending(1));
    const saved = saver.save();
    await saver.remove();
    await saved;
    assert.deepEqual(await readdir(dir), []);
  });

  for (const [name, content] of [
    ['empty', ''],
    ['a list of another version', JSON.stringify({ ...pending(), version: 2 })],
    ['repeated IDs', JSON.stringify({ ...pending(), version: 1, ids: ['a', 'a'] })],
    [
      'an ID too long to have been sent',
      JSON.stringify({ ...pending(), version: 1, ids: ['x'.repeat(201)] }),
    ],
    ['an unknown group', JSON.stringify({ ...pending(1), version: 1 }).replace('connected', 'ok')],
    ['a field more (a key, say)', JSON.stringify({ ...pending(), version: 1, apiKey: 'sk' })],
  ] as const) {
    it(`${name}: set aside as .corrupt, no reconcile`, async () => {
      const dir = freshDir();
      await savePending(dir, pending());
      const { writeFile } = await import('node:fs/promises');
      await writeFile(join(dir, PENDING_FILE_NAME), content);
      assert.equal(await loadPending(dir, log), null);
      assert.deepEqual(await readdir(dir), [`${PENDING_FILE_NAME}.corrupt`]);
      assert.equal(await readFile(join(dir, `${PENDING_FILE_NAME}.corrupt`), 'utf8'), content);
    });
  }
});
