import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { readAccountStatus } from '#common/account-status.ts';
import { ALL_TIME_FROM, localDay } from '#common/days.ts';
import type { ReconcileProgress, ReconcileRow } from '#common/models.ts';
import { type BackendContext, createContext } from '../../electron/backend/context.ts';
import { createReconcileHandlers } from '../../electron/backend/handlers/reconcile-handlers.ts';
import { PENDING_FILE_NAME } from '../../electron/backend/reconcile/pending-file.ts';
import {
  type FakePalenca,
  type RecordedRequest,
  startFakePalenca,
} from '../fake-palenca/server.ts';
import { customerIdsOf } from '../fake-palenca/user-set.ts';
import { memoryKeyStore, testBackendOptions } from '../support/backend-options.ts';
import { rowsOfBomCsv } from '../support/saved-csv.ts';
import { waitFor } from './cli-child.ts';

const TUNING = { attempts: 2, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 5000 };
const TODAY = localDay(new Date());

interface Harness {
  ctx: BackendContext;
  handlers: ReturnType<typeof createReconcileHandlers>;
  events: ReconcileProgress[];
  /** What the next save dialog answers. */
  answer: string | null;
}

const isSearch = (r: RecordedRequest) => r.path === '/v1/users/search';
const isAccounts = (r: RecordedRequest) => /^\/v1\/users\/[^/]+\/accounts$/.test(r.path);
const searchedId = (r: RecordedRequest) => (r.body as { external_id: string }).external_id;

describe('reconcile handlers', () => {
  let fake: FakePalenca;
  let root: string;
  /** Distinct IDs of the 300-line list, in order, and the list's text. */
  let ids: string[];
  let listText: string;
  let expectedFound: Set<string>;

  before(async () => {
    fake = await startFakePalenca({ users: 600, days: 400, seed: 17 });
    root = await mkdtemp(join(tmpdir(), 'palenca-reconcile-'));
    // Customers Palenca knows: the fake's plain external IDs (several users share some), ones
    // inserted today (newest of all), and an ID a spreadsheet would run as a formula.
    const known = customerIdsOf(fake.usersInWindow(ALL_TIME_FROM, TODAY), 110);
    for (let i = 0; i < 9; i++) fake.insertUsers(1, undefined, `NEW-${i}`);
    fake.insertUsers(1, undefined, '=1+1');
    const unknown = Array.from({ length: 80 }, (_, i) => `missing-${i}`);
    ids = [];
    for (let i = 0; i < 200; i++) {
      // Found and not found interleaved.
      const pool = i % 5 < 3 ? known : unknown;
      const next = pool.shift() ?? (known.shift() || unknown.shift());
      if (next) ids.push(next);
    }
    ids.push(...Array.from({ length: 9 }, (_, i) => `NEW-${i}`), '=1+1');
    ids = ids.slice(0, 200);
    if (!ids.includes('=1+1')) ids[199] = '=1+1';
    assert.equal(new Set(ids).size, 200);
    expectedFound = new Set(
      ids.filter((id) => fake.usersInWindow(ALL_TIME_FROM, TODAY, id).length),
    );
    assert.ok(expectedFound.size > 50 && expectedFound.size < 190, `${expectedFound.size} found`);
    // 300 lines: the 200 IDs, 60 repeats (one with spaces around it), 40 blank lines.
    const lines = [...ids];
    for (let i = 0; i < 60; i++)
      lines.splice(3 + i * 4, 0, i === 0 ? `  ${ids[0]}\t` : (ids[i * 3] as string));
    for (let i = 0; i < 40; i++) lines.splice(1 + i * 7, 0, i % 2 ? '' : '   ');
    assert.equal(lines.length, 300);
    listText = `\uFEFF${lines.join('\r\n')}\r\n`;
  });
  after(async () => {
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });

  let n = 0;
  const harness = (dataDir = join(root, `data-${++n}`)): Harness => {
    const h = { events: [], answer: null } as unknown as Harness;
    h.ctx = createContext(
      testBackendOptions({
        dataDir,
        palencaUrl: fake.baseUrl,
        keyStore: memoryKeyStore({ production: fake.apiKey }),
        clientTuning: TUNING,
        platform: { chooseSavePath: async () => h.answer },
        emit: (event, payload) => {
          if (event === 'reconcileProgress') h.events.push(payload as ReconcileProgress);
        },
      }),
    );
    h.handlers = createReconcileHandlers(h.ctx, { saverTiming: { afterMs: 20, minGapMs: 0 } });
    return h;
  };
  const value = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }) => {
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    return result.value;
  };
  const start = (h: Harness, withStatus = false, text = listText) =>
    h.handlers.startReconcile({ environment: 'production', text, withStatus });
  const pendingFile = (h: Harness) => join(h.ctx.dataDir, PENDING_FILE_NAME);
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );
  /** Requests the fake got from `since` on. */
  const requestsSince = (since: number) => fake.requests.slice(since);
  const allRows = async (h: Harness, show: 'all' | 'found' | 'not_found' = 'all') =>
    value(await h.handlers.getReconcileRows({ page: 1, perPage: 500, show })).rows;
  /** Cancels (without waiting) when the fake has had `count` searches since `since`. */
  const cancelAtSearch = (h: Harness, since: number, count: number) => {
    fake.onRequest(() => {
      if (requestsSince(since).filter(isSearch).length === count) {
        fake.onRequest(null);
        void h.handlers.cancelReconcile();
      }
    });
  };

  it('estimates without a request: reading and cost', async () => {
    const h = harness();
    const before = fake.requests.length;
    const estimate = value(
      await h.handlers.estimateReconcile({
        environment: 'production',
        text: listText,
        withStatus: true,
      }),
    );
    assert.equal(fake.requests.length, before);
    assert.equal(estimate.reading.ids, 200);
    assert.equal(estimate.reading.duplicates, 60);
    assert.equal(estimate.reading.blanks, 40);
    assert.equal(estimate.requests, 200);
    assert.equal(estimate.maxRequests, 400);
    assert.equal(estimate.share, 50);
    assert.ok(estimate.maxEstimatedMs > estimate.estimatedMs && estimate.estimatedMs > 0);
    const empty = await h.handlers.estimateReconcile({
      environment: 'production',
      text: '\n \n',
      withStatus: false,
    });
    assert.equal(!empty.ok && empty.error.code, 'list_empty');
    await h.ctx.shutdown();
  });

  it('a 300-line list with duplicates and blanks: one search per distinct ID, the right split', async () => {
    const h = harness();
    const since = fake.requests.length;
    const job = value(await start(h));
    assert.equal(job.state, 'done');
    assert.equal(job.total, 200);
    assert.equal(job.done, 200);
    assert.equal(job.found, expectedFound.size);
    assert.equal(job.notFound, 200 - expectedFound.size);
    assert.equal(job.remainingMs, null);
    const sent = requestsSince(since);
    assert.equal(sent.length, 200, 'nothing but the searches');
    assert.deepEqual(sent.map(searchedId).sort(), [...ids].sort());
    for (const r of sent) {
      const body = r.body as { start_date: string; end_date: string; options: object };
      // All time, newest day first as Palenca takes it.
      assert.deepEqual([body.start_date, body.end_date].sort(), [ALL_TIME_FROM, TODAY]);
    }
    // Rows in the list's order, each with the users Palenca has for it, newest first.
    const rows = await allRows(h);
    assert.deepEqual(
      rows.map((r) => r.externalId),
      ids,
    );
    for (const row of rows) {
      const users = fake.usersInWindow(ALL_TIME_FROM, TODAY, row.externalId);
      assert.equal(row.found, users.length > 0, row.externalId);
      assert.deepEqual(
        row.userIds,
        users.slice(0, 50).map((u) => u.user_id),
      );
      assert.equal(row.widgetId, users[0]?.widget_id ?? null);
      assert.equal(row.accounts, null);
    }
    assert.deepEqual(
      (await allRows(h, 'found')).map((r) => r.externalId),
      ids.filter((id) => expectedFound.has(id)),
    );
    assert.deepEqual(
      (await allRows(h, 'not_found')).map((r) => r.externalId),
      ids.filter((id) => !expectedFound.has(id)),
    );
    const page2 = value(await h.handlers.getReconcileRows({ page: 2, perPage: 30, show: 'all' }));
    assert.deepEqual(
      page2.rows.map((r) => r.externalId),
      ids.slice(30, 60),
    );
    assert.deepEqual(page2.pagination, {
      page: 2,
      items_per_page: 30,
      total_items: 200,
      total_pages: 7,
    });
    // Done: the pending file is gone; the job stays for this session.
    assert.equal(await exists(pendingFile(h)), false);
    assert.equal(value(await h.handlers.getReconcile())?.state, 'done');
    // Progress was told, the last one done.
    assert.ok(h.events.length >= 2);
    assert.equal(h.events.at(-1)?.job.state, 'done');
    assert.equal(h.events.at(-1)?.job.done, 200);
    assert.ok(h.events.some((e) => e.job.state === 'running'));
    await h.ctx.shutdown();
  });

  it('with statuses: one accounts request per found ID, for its newest user, grouped', async () => {
    const h = harness();
    const some = ids.slice(0, 30);
    const since = fake.requests.length;
    const job = value(await start(h, true, some.join('\n')));
    assert.equal(job.state, 'done');
    const sent = requestsSince(since);
    const found = some.filter((id) => expectedFound.has(id));
    assert.equal(sent.filter(isSearch).length, 30);
    const accountRequests = sent.filter(isAccounts);
    assert.equal(accountRequests.length, found.length);
    const newest = found.map((id) => fake.usersInWindow(ALL_TIME_FROM, TODAY, id)[0]?.user_id);
    assert.deepEqual(accountRequests.map((r) => r.path.split('/')[3]).sort(), [...newest].sort());
    for (const row of await allRows(h)) {
      if (!row.found) {
        assert.deepEqual(row.accounts, []);
        continue;
      }
      // What Palenca says of that user's accounts, grouped by the one definition.
      const answer = await fetch(`${fake.baseUrl}/users/${row.userIds[0]}/accounts`, {
        headers: { 'x-api-key': fake.apiKey },
      });
      const body = (await answer.json()) as {
        data: { accounts: { platform: string; status: string; status_details: string }[] };
      };
      assert.deepEqual(
        row.accounts,
        body.data.accounts.map((a) => ({
          platform: a.platform,
          group: readAccountStatus(a.status, a.status_details).group,
        })),
      );
    }
    await h.ctx.shutdown();
  });

  it('cancel keeps the pending file (owner-only); a restart resumes without asking again', async () => {
    const dataDir = join(root, `data-${++n}`);
    const h = harness(dataDir);
    const since = fake.requests.length;
    cancelAtSearch(h, since, 40);
    const paused = value(await start(h, true));
    assert.equal(paused.state, 'paused');
    assert.ok(paused.done > 0 && paused.done < 200, `${paused.done} done`);
    assert.ok(paused.remainingMs !== null && paused.remainingMs > 0);
    const file = pendingFile(h);
    const info = await stat(file);
    if (process.platform !== 'win32') assert.equal(info.mode & 0o777, 0o600);
    const saved = JSON.parse(await readFile(file, 'utf8')) as {
      ids: string[];
      results: ReconcileRow[];
      environment: string;
    };
    assert.equal(saved.environment, 'production');
    assert.deepEqual(saved.ids, ids);
    assert.equal(saved.results.length, paused.done);
    assert.ok(!JSON.stringify(saved).includes(fake.apiKey), 'the key is never in the file');
    assert.equal(value(await h.handlers.getReconcile())?.state, 'paused');
    // Nothing more is sent after the cancel resolved.
    const afterCancel = fake.requests.length;
    await h.ctx.shutdown();
    assert.equal(fake.requests.length, afterCancel);

    // The app starts again on the same data folder.
    const again = harness(dataDir);
    const reloaded = value(await again.handlers.getReconcile());
    assert.equal(reloaded?.state, 'paused');
    assert.equal(reloaded?.done, paused.done);
    assert.equal(reloaded?.withStatus, true);
    const resumeFrom = fake.requests.length;
    const done = value(await again.handlers.resumeReconcile());
    assert.equal(done.state, 'done');
    assert.equal(done.found, expectedFound.size);
    assert.equal(done.done, 200);
    const asked = requestsSince(resumeFrom).filter(isSearch).map(searchedId).sort();
    const answeredBefore = new Set(saved.results.map((r) => r.externalId));
    assert.deepEqual(asked, ids.filter((id) => !answeredBefore.has(id)).sort());
    assert.equal(await exists(join(dataDir, PENDING_FILE_NAME)), false);
    const rows = await allRows(again);
    assert.deepEqual(
      rows.filter((r) => r.found).map((r) => r.externalId),
      ids.filter((id) => expectedFound.has(id)),
    );
    // A finished one has nothing to resume; its rows stay.
    assert.equal(value(await again.handlers.resumeReconcile()).state, 'done');
    await again.ctx.shutdown();
  });

  it('quitting the app mid-way saves what is done, to resume at the next start', async () => {
    const h = harness();
    const since = fake.requests.length;
    const run = start(h);
    await waitFor(() => requestsSince(since).filter(isSearch).length >= 10, '10 searches');
    await h.ctx.shutdown();
    const paused = value(await run);
    assert.equal(paused.state, 'paused');
    const saved = JSON.parse(await readFile(pendingFile(h), 'utf8')) as { results: unknown[] };
    assert.equal(saved.results.length, paused.done);
  });

  it('discard stops it, removes the file and forgets the job', async () => {
    const h = harness();
    cancelAtSearch(h, fake.requests.length, 10);
    assert.equal(value(await start(h)).state, 'paused');
    assert.equal(await exists(pendingFile(h)), true);
    value(await h.handlers.discardReconcile());
    assert.equal(await exists(pendingFile(h)), false);
    assert.equal(value(await h.handlers.getReconcile()), null);
    const none = await h.handlers.resumeReconcile();
    assert.equal(!none.ok && none.error.code, 'no_reconcile');
    const rows = await h.handlers.getReconcileRows({ page: 1, perPage: 10, show: 'all' });
    assert.equal(!rows.ok && rows.error.code, 'no_reconcile');
    const exported = await h.handlers.exportReconcile();
    assert.equal(!exported.ok && exported.error.code, 'no_reconcile');
    // Discarding while it runs stops it too.
    const since = fake.requests.length;
    const run = start(h);
    await waitFor(() => requestsSince(since).filter(isSearch).length >= 5, '5 searches');
    value(await h.handlers.discardReconcile());
    assert.equal(value(await run).state, 'paused');
    assert.equal(await exists(pendingFile(h)), false);
    assert.equal(value(await h.handlers.getReconcile()), null);
    await h.ctx.shutdown();
  });

  for (const [name, content] of [
    ['not JSON', '{"version":1,"ids":["a"'],
    ['another shape', '{"version":1,"environment":"production","ids":"abc"}'],
    [
      'a result of an ID not in the list',
      JSON.stringify({
        version: 1,
        environment: 'production',
        withStatus: false,
        ids: ['a'],
        results: [{ externalId: 'b', found: false, userIds: [], widgetId: null, accounts: null }],
        startedAt: 'x',
      }),
    ],
  ] as const) {
    it(`a corrupt pending file (${name}) is set aside, no job`, async () => {
      const dataDir = join(root, `data-${++n}`);
      const { mkdir } = await import('node:fs/promises');
      await mkdir(dataDir, { recursive: true });
      await writeFile(join(dataDir, PENDING_FILE_NAME), content);
      const h = harness(dataDir);
      assert.equal(value(await h.handlers.getReconcile()), null);
      const names = await readdir(dataDir);
      assert.ok(names.includes(`${PENDING_FILE_NAME}.corrupt`), names.join());
      assert.ok(!names.includes(PENDING_FILE_NAME));
      assert.equal(await readFile(join(dataDir, `${PENDING_FILE_NAME}.corrupt`), 'utf8'), content);
      // A new one starts normally.
      assert.equal(value(await start(h, false, 'missing-1\nmissing-2')).state, 'done');
      await h.ctx.shutdown();
    });
  }

  it('one at a time: busy while one runs, and while one is paused', async () => {
    const h = harness();
    const since = fake.requests.length;
    const run = start(h);
    const second = await start(h, false, 'x\ny');
    assert.equal(!second.ok && second.error.code, 'reconcile_busy');
    const resume = await h.handlers.resumeReconcile();
    assert.equal(!resume.ok && resume.error.code, 'reconcile_busy');
    await waitFor(() => requestsSince(since).filter(isSearch).length >= 3, '3 searches');
    value(await h.handlers.cancelReconcile());
    assert.equal(value(await run).state, 'paused');
    const third = await start(h, false, 'x\ny');
    assert.equal(!third.ok && third.error.code, 'reconcile_busy');
    assert.match(!third.ok ? third.error.message : '', /paused at \d+ of 200/);
    value(await h.handlers.discardReconcile());
    assert.equal(value(await start(h, false, 'x\ny')).state, 'done');
    // A finished one is replaced by the next.
    assert.equal(value(await start(h, false, 'z')).total, 1);
    await h.ctx.shutdown();
  });

  it('refuses a bad list with its code, and needs a key', async () => {
    const h = harness();
    const since = fake.requests.length;
    for (const [text, column, code] of [
      ['', undefined, 'list_empty'],
      [Array.from({ length: 5001 }, (_, i) => `i${i}`).join('\n'), undefined, 'list_too_long'],
      ['a,b\n1,2', 'c', 'list_no_column'],
    ] as const) {
      const result = await h.handlers.startReconcile({
        environment: 'production',
        text,
        withStatus: false,
        ...(column ? { column } : {}),
      });
      assert.equal(!result.ok && result.error.code, code);
    }
    const noKey = await h.handlers.startReconcile({
      environment: 'sandbox',
      text: 'a',
      withStatus: false,
    });
    assert.equal(!noKey.ok && noKey.error.code, 'missing_key');
    assert.equal(fake.requests.length, since);
    assert.equal(await exists(pendingFile(h)), false);
    await h.ctx.shutdown();
  });

  it('a refused key pauses it with the error; resume goes on once it works', async () => {
    const h = harness();
    const since = fake.requests.length;
    fake.onRequest(() => {
      if (requestsSince(since).filter(isSearch).length === 20) {
        fake.onRequest(null);
        fake.setFault({
          kind: 'raw',
          status: 401,
          body: '{"success":false,"data":null,"error":{"code":"unauthorized","message":"Invalid API key"}}',
          contentType: 'application/json',
        });
      }
    });
    const failed = await start(h);
    assert.equal(!failed.ok && failed.error.code, 'invalid_key');
    const job = value(await h.handlers.getReconcile());
    assert.equal(job?.state, 'paused');
    assert.ok(job && job.done >= 15 && job.done < 200, `${job?.done}`);
    assert.equal(await exists(pendingFile(h)), true);
    fake.setFault(null);
    const done = value(await h.handlers.resumeReconcile());
    assert.equal(done.state, 'done');
    assert.equal(done.found, expectedFound.size);
    await h.ctx.shutdown();
  });

  it('exports found and not found, formula-safe, with the chosen separator and BOM', async () => {
    const h = harness();
    await h.ctx.settings.update({ csv: { delimiter: ';', bom: true } });
    // An ID too long to look up is kept, at the end, said to be not looked up.
    const long = 'L'.repeat(201);
    value(await start(h, true, [...ids.slice(180), long].join('\n')));
    h.answer = join(root, `reconcile-${n}.csv`);
    const outcome = value(await h.handlers.exportReconcile());
    assert.deepEqual(outcome, { status: 'done', path: h.answer, rows: 21 });
    const bytes = await readFile(h.answer);
    const rows = rowsOfBomCsv(bytes, ';');
    assert.deepEqual(rows[0], ['external_id', 'found', 'user_ids', 'widget_id', 'accounts']);
    assert.deepEqual(rows.at(-1), [long, 'too long (not looked up)', '', '', '']);
    const body = rows.slice(1, -1);
    assert.equal(body.length, 20);
    for (const [i, row] of body.entries()) {
      const id = ids[180 + i] as string;
      // The formula guard: an apostrophe before a value a spreadsheet would run.
      assert.equal(row[0], id === '=1+1' ? "'=1+1" : id);
      const users = fake.usersInWindow(ALL_TIME_FROM, TODAY, id);
      assert.equal(row[1], users.length ? 'yes' : 'no');
      assert.equal(row[2], users.map((u) => u.user_id).join(' '));
      assert.equal(row[3], users[0]?.widget_id ?? '');
      if (!users.length) assert.equal(row[4], '');
    }
    assert.ok(body.some((r) => r[0] === "'=1+1" && r[1] === 'yes'));
    assert.ok(
      body.some((r) =>
        /^[a-z_]+: (connected|needs action|waiting|failed|unknown)/.test(r[4] ?? ''),
      ),
    );
    // In words, never the app's codes.
    assert.ok(body.every((r) => !/: action(;|$)/.test(r[4] ?? '')));
    // The dialog cancelled: nothing written.
    h.answer = null;
    assert.deepEqual(value(await h.handlers.exportReconcile()), { status: 'dialog_cancelled' });
    await h.ctx.shutdown();
  });

  it('exports a paused reconcile: the IDs looked up so far', async () => {
    const h = harness();
    cancelAtSearch(h, fake.requests.length, 12);
    const paused = value(await start(h));
    h.answer = join(root, `paused-${n}.csv`);
    const outcome = value(await h.handlers.exportReconcile());
    assert.equal(outcome.status === 'done' && outcome.rows, paused.done);
    // The settings' CSV defaults (comma for en-US, a BOM for Excel).
    const rows = parse(await readFile(h.answer), {
      bom: true,
      record_delimiter: '\r\n',
    }) as string[][];
    assert.deepEqual(rows[0], ['external_id', 'found', 'user_ids', 'widget_id']);
    assert.equal(rows.length - 1, paused.done);
    value(await h.handlers.discardReconcile());
    await h.ctx.shutdown();
  });
});
