// The Connections calls against the fake Palenca server: the summary is what the fake's
// attempts say, the estimate's page is not asked again, cancels and replaced loads end as
// cancelled, the follow-up list pages and filters from memory, and its CSV is complete,
// atomic and in the person's separator.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { ACCOUNT_STATUS_GROUPS, readAccountStatus } from '#common/account-status.ts';
import type { ConnectionsProgress, FollowUp } from '#common/models.ts';
import { FOLLOW_UP_COLUMNS } from '../../electron/backend/connections/follow-up-csv.ts';
import { type BackendContext, createContext } from '../../electron/backend/context.ts';
import {
  type ConnectionsHandlerOptions,
  createConnectionsHandlers,
} from '../../electron/backend/handlers/connections-handlers.ts';
import type { PlatformBridge } from '../../electron/backend/platform.ts';
import { type FakeLogin, type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { memoryKeyStore, testBackendOptions } from '../support/backend-options.ts';

const TODAY = '2025-06-30';
const WINDOW = { from: '2025-06-01', to: TODAY };
const LOGINS_PATH = '/v1/logins/search';

let fake: FakePalenca;
let root: string;

before(async () => {
  fake = await startFakePalenca({ users: 400, today: TODAY, days: 60 });
  root = await mkdtemp(join(tmpdir(), 'palenca-connections-handlers-'));
});
after(async () => {
  await fake.close();
  await rm(root, { recursive: true, force: true });
});
beforeEach(() => {
  fake.setLoginsPageCap(100);
  fake.onRequest(null);
});

let n = 0;
function harness(
  options: { handlers?: ConnectionsHandlerOptions; platform?: Partial<PlatformBridge> } = {},
) {
  const events: ConnectionsProgress[] = [];
  const ctx: BackendContext = createContext(
    testBackendOptions({
      dataDir: join(root, `data-${++n}`),
      keyStore: memoryKeyStore({ sandbox: fake.apiKey }),
      palencaUrl: fake.baseUrl,
      clientTuning: { attempts: 2, backoffBaseMs: 5, backoffMaxMs: 10, timeoutMs: 5000 },
      emit: (event, payload) => {
        if (event === 'connectionsProgress') events.push(payload as ConnectionsProgress);
      },
      ...(options.platform ? { platform: options.platform } : {}),
    }),
  );
  return { ctx, events, handlers: createConnectionsHandlers(ctx, options.handlers) };
}

const loginsAsked = () => fake.requests.filter((r) => r.path === LOGINS_PATH).length;

/** What the summary must say, computed here from the fake's own attempts. */
function expectedFrom(logins: FakeLogin[]) {
  const groups = { connected: 0, action: 0, waiting: 0, failed: 0, unknown: 0 };
  const platforms = new Map<string, number>();
  const followUps: string[] = [];
  for (const login of logins) {
    const { group } = readAccountStatus(login.status, login.status_details);
    groups[group]++;
    platforms.set(login.platform ?? '', (platforms.get(login.platform ?? '') ?? 0) + 1);
    if (group !== 'connected') followUps.push(login.id);
  }
  return { groups, platforms, followUps };
}

async function allFollowUps(
  handlers: ReturnType<typeof harness>['handlers'],
  loadId: string,
  filter: { platform?: string; group?: FollowUp['group'] } = {},
): Promise<FollowUp[]> {
  const items: FollowUp[] = [];
  for (let page = 1; ; page++) {
    const got = await handlers.getFollowUps({ loadId, page, perPage: 37, ...filter });
    assert.ok(got.ok, JSON.stringify(got));
    items.push(...got.value.items);
    if (page >= got.value.pagination.total_pages) {
      assert.equal(items.length, got.value.pagination.total_items);
      return items;
    }
  }
}

describe('connections handlers', () => {
  it("summarises the window as the fake's attempts say, reusing the estimate's page", async () => {
    const logins = fake.loginsInWindow(WINDOW.from, WINDOW.to);
    assert.ok(logins.length > 300, `a window of several pages (${logins.length})`);
    const expected = expectedFrom(logins);
    const { handlers, events } = harness();
    const before = loginsAsked();

    const estimate = await handlers.estimateConnections({ environment: 'sandbox', ...WINDOW });
    assert.ok(estimate.ok, JSON.stringify(estimate));
    const pages = Math.ceil(logins.length / 100);
    assert.equal(estimate.value.attempts, logins.length);
    assert.equal(estimate.value.requests, pages);
    assert.equal(estimate.value.share, 50);
    assert.ok(estimate.value.estimatedMs > 0);
    assert.equal(loginsAsked() - before, 1);

    const load = await handlers.loadConnections({
      environment: 'sandbox',
      ...WINDOW,
      requestId: 'r1',
    });
    assert.ok(load.ok, JSON.stringify(load));
    const summary = load.value;
    assert.equal(loginsAsked() - before, pages, 'ceil(attempts / 100) requests in all');
    assert.equal(summary.attempts, logins.length);
    assert.deepEqual(summary.groups, expected.groups);
    assert.equal(
      ACCOUNT_STATUS_GROUPS.reduce((sum, g) => sum + summary.groups[g], 0),
      summary.attempts,
    );
    assert.deepEqual(
      new Map(summary.platforms.map((p) => [p.platform, p.total])),
      expected.platforms,
    );
    assert.ok(
      summary.platforms.every((p, i, all) => i === 0 || (all[i - 1]?.total ?? 0) >= p.total),
    );
    assert.equal(summary.followUps, expected.followUps.length);
    assert.equal(summary.followUpsTooMany, false);
    assert.ok(summary.reasons.length > 3 && summary.reasons.length <= 10);
    assert.ok(summary.reasons.some((r) => r.reason === 'unknown' && r.code !== ''));
    assert.deepEqual(
      (await allFollowUps(handlers, summary.loadId)).map((f) => f.loginId),
      expected.followUps,
      'every attempt that needs follow-up, newest first',
    );

    assert.equal(events.at(-1)?.pagesDone, pages);
    assert.equal(events.at(-1)?.pagesTotal, pages);
    assert.equal(events.at(-1)?.remainingMs, null);
    assert.ok(events.every((e) => e.requestId === 'r1' && e.allowance));
  });

  it("reads at the page size Palenca answered; the estimate's page is used once", async () => {
    fake.setLoginsPageCap(40);
    const logins = fake.loginsInWindow(WINDOW.from, WINDOW.to);
    const pages = Math.ceil(logins.length / 40);
    const { handlers } = harness();
    const before = loginsAsked();
    const estimate = await handlers.estimateConnections({ environment: 'sandbox', ...WINDOW });
    assert.ok(estimate.ok);
    assert.equal(estimate.value.requests, pages);
    const first = await handlers.loadConnections({
      environment: 'sandbox',
      ...WINDOW,
      requestId: 'a',
    });
    assert.ok(first.ok, JSON.stringify(first));
    assert.equal(first.value.attempts, logins.length);
    assert.equal(loginsAsked() - before, pages);
    const pageSizes = fake.requests
      .slice(-pages + 1)
      .map((r) => (r.body as { options: { items_per_page: number } }).options.items_per_page);
    assert.ok(
      pageSizes.every((size) => size === 40),
      'later pages asked at 40',
    );
    // A second load reads page one again: it is no longer fresh for it.
    const again = await handlers.loadConnections({
      environment: 'sandbox',
      ...WINDOW,
      requestId: 'a',
    });
    assert.ok(again.ok);
    assert.equal(loginsAsked() - before, 2 * pages);
  });

  it('says what is wrong with the dates, and asks Palenca nothing', async () => {
    const { handlers } = harness();
    const before = fake.requests.length;
    const estimate = await handlers.estimateConnections({
      environment: 'sandbox',
      from: '2025-02-30',
      to: TODAY,
    });
    assert.equal(!estimate.ok && estimate.error.code, 'bad_request');
    assert.equal(!estimate.ok && estimate.error.field, 'from');
    const load = await handlers.loadConnections({
      environment: 'sandbox',
      from: TODAY,
      to: '2025-06-01',
      requestId: 'x',
    });
    assert.equal(!load.ok && load.error.code, 'bad_request');
    assert.match(!load.ok ? load.error.message : '', /on or before/);
    assert.equal(fake.requests.length, before);
  });

  it('a cancel stops the load as cancelled, and asks nothing more', async () => {
    const { handlers } = harness();
    fake.onRequest((request) => {
      const page = (request.body as { options?: { page?: number } }).options?.page;
      if (request.path === LOGINS_PATH && page === 3)
        void handlers.cancelConnections({ requestId: 'c' });
    });
    const before = loginsAsked();
    const load = await handlers.loadConnections({
      environment: 'sandbox',
      ...WINDOW,
      requestId: 'c',
    });
    assert.equal(!load.ok && load.error.code, 'cancelled');
    const asked = loginsAsked() - before;
    assert.ok(
      asked < Math.ceil(fake.loginsInWindow(WINDOW.from, WINDOW.to).length / 100),
      `${asked}`,
    );
  });

  it('a second load under the same request id ends the first as cancelled', async () => {
    const { handlers } = harness();
    let second: ReturnType<typeof handlers.loadConnections> | null = null;
    fake.onRequest((request) => {
      if (request.path === LOGINS_PATH && second === null) {
        second = handlers.loadConnections({ environment: 'sandbox', ...WINDOW, requestId: 'same' });
      }
    });
    const first = await handlers.loadConnections({
      environment: 'sandbox',
      ...WINDOW,
      requestId: 'same',
    });
    assert.equal(!first.ok && first.error.code, 'cancelled');
    assert.ok(second);
    const result = await (second as unknown as ReturnType<typeof handlers.loadConnections>);
    assert.ok(result.ok, JSON.stringify(result));
  });

  it('pages and filters the follow-up list from memory', async () => {
    const { handlers } = harness();
    const load = await handlers.loadConnections({
      environment: 'sandbox',
      ...WINDOW,
      requestId: 'p',
    });
    assert.ok(load.ok);
    const { loadId } = load.value;
    const all = await allFollowUps(handlers, loadId);
    const before = fake.requests.length;
    const platform = load.value.platforms[0]?.platform ?? '';
    const byPlatform = await allFollowUps(handlers, loadId, { platform });
    assert.deepEqual(
      byPlatform,
      all.filter((f) => (f.platform ?? '') === platform),
    );
    const waiting = await allFollowUps(handlers, loadId, { group: 'waiting' });
    assert.deepEqual(
      waiting,
      all.filter((f) => f.group === 'waiting'),
    );
    assert.equal(waiting.length, load.value.groups.waiting);
    const both = await handlers.getFollowUps({
      loadId,
      page: 1,
      perPage: 500,
      platform,
      group: 'action',
    });
    assert.ok(both.ok);
    assert.deepEqual(
      both.value.items,
      all.filter((f) => (f.platform ?? '') === platform && f.group === 'action').slice(0, 500),
    );
    const past = await handlers.getFollowUps({ loadId, page: 9999, perPage: 10 });
    assert.ok(past.ok);
    assert.deepEqual(past.value.items, []);
    assert.equal(past.value.pagination.total_items, all.length);
    assert.equal(fake.requests.length, before, 'no request to Palenca');

    const unknown = await handlers.getFollowUps({ loadId: 'nope', page: 1, perPage: 10 });
    assert.equal(!unknown.ok && unknown.error.code, 'bad_input');
    assert.match(!unknown.ok ? unknown.error.message : '', /Load the connections again/);
  });

  it('keeps the last three loads', async () => {
    const { handlers } = harness();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const load = await handlers.loadConnections({
        environment: 'sandbox',
        from: '2025-06-25',
        to: TODAY,
        requestId: `k${i}`,
      });
      assert.ok(load.ok);
      ids.push(load.value.loadId);
    }
    assert.equal(new Set(ids).size, 4);
    const oldest = await handlers.getFollowUps({ loadId: ids[0] ?? '', page: 1, perPage: 10 });
    assert.equal(!oldest.ok && oldest.error.code, 'bad_input');
    for (const id of ids.slice(1)) {
      assert.ok((await handlers.getFollowUps({ loadId: id, page: 1, perPage: 10 })).ok);
    }
  });

  it('older loads are kept only while the lists together stay within the cap', async () => {
    const window = { from: '2025-06-25', to: TODAY };
    const followUps = expectedFrom(fake.loginsInWindow(window.from, window.to)).followUps.length;
    assert.ok(followUps > 0);
    const { handlers } = harness({ handlers: { maxFollowUps: followUps + 1 } });
    const load = async (requestId: string) => {
      const done = await handlers.loadConnections({ environment: 'sandbox', ...window, requestId });
      assert.ok(done.ok, JSON.stringify(done));
      assert.equal(done.value.followUpsTooMany, false);
      return done.value.loadId;
    };
    const older = await load('o1');
    const newer = await load('o2');
    const gone = await handlers.getFollowUps({ loadId: older, page: 1, perPage: 10 });
    assert.equal(!gone.ok && gone.error.code, 'bad_input');
    assert.ok((await handlers.getFollowUps({ loadId: newer, page: 1, perPage: 10 })).ok);
  });

  it('past the cap the list is not kept, and the counts are complete', async () => {
    const { handlers } = harness({ handlers: { maxFollowUps: 10 } });
    const load = await handlers.loadConnections({
      environment: 'sandbox',
      ...WINDOW,
      requestId: 'm',
    });
    assert.ok(load.ok);
    assert.equal(load.value.followUpsTooMany, true);
    assert.equal(
      load.value.followUps,
      expectedFrom(fake.loginsInWindow(WINDOW.from, WINDOW.to)).followUps.length,
    );
    const page = await handlers.getFollowUps({ loadId: load.value.loadId, page: 1, perPage: 10 });
    assert.equal(!page.ok && page.error.code, 'bad_input');
    assert.match(!page.ok ? page.error.message : '', /shorter window/);
  });

  it('fails window_changed when attempts keep coming while it reads', async () => {
    const { handlers } = harness();
    let day = 0;
    fake.onRequest((request) => {
      const page = (request.body as { options?: { page?: number } }).options?.page;
      // New people connect before every second page: the window's total keeps changing.
      if (request.path === LOGINS_PATH && page === 2) fake.insertUsers(5, `2025-06-2${day++ % 5}`);
    });
    const load = await handlers.loadConnections({
      environment: 'sandbox',
      ...WINDOW,
      requestId: 'w',
    });
    fake.onRequest(null);
    assert.equal(!load.ok && load.error.code, 'window_changed', JSON.stringify(load));
  });

  describe('export of the follow-up list', () => {
    it('writes the filtered list: header, rows, separator and BOM from the settings', async () => {
      const folder = join(root, `export-${++n}`);
      await mkdir(folder);
      const target = join(folder, 'follow-up.csv');
      const asked: [string, string | null][] = [];
      const { handlers, ctx } = harness({
        platform: {
          chooseSavePath: async (name, folderGiven) => {
            asked.push([name, folderGiven]);
            return target;
          },
        },
      });
      await ctx.settings.update({ csv: { delimiter: ';', bom: true } });
      const load = await handlers.loadConnections({
        environment: 'sandbox',
        ...WINDOW,
        requestId: 'e',
      });
      assert.ok(load.ok);
      const platform = load.value.platforms[0]?.platform ?? '';
      const outcome = await handlers.exportFollowUps({ loadId: load.value.loadId, platform });
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.deepEqual(asked[0]?.[0], `palenca-follow-up_sandbox_2025-06-01_${TODAY}.csv`);
      const expected = await allFollowUps(handlers, load.value.loadId, { platform });
      assert.deepEqual(outcome.value, { status: 'done', path: target, rows: expected.length });

      const text = await readFile(target, 'utf8');
      assert.ok(text.startsWith('\uFEFF'), 'the BOM the settings ask for');
      const rows = parse(text.slice(1), { delimiter: ';' }) as string[][];
      assert.deepEqual(rows[0], [...FOLLOW_UP_COLUMNS]);
      assert.deepEqual(
        rows.slice(1),
        expected.map((f) => [
          f.loginId,
          f.accountId,
          f.platform ?? '',
          f.status ?? '',
          f.statusDetails ?? '',
          f.group,
          f.source ?? '',
          f.createdAt ?? '',
        ]),
      );
      assert.deepEqual(await readdir(folder), ['follow-up.csv'], 'no temporary file left');
      assert.equal((await ctx.settings.read()).exportFolder, folder);
      const history = (await ctx.settings.read()).exportHistory;
      assert.deepEqual(history, [], 'not a users export: not in the export history');
    });

    it('a cancelled dialog writes nothing; a refused target says why', async () => {
      const folder = join(root, `export-${++n}`);
      await mkdir(folder);
      /** Loads the window's last days and exports their follow-ups through `platform`'s dialog. */
      const exportLastDays = async (platform?: Partial<PlatformBridge>) => {
        const { handlers } = harness(platform ? { platform } : {});
        const load = await handlers.loadConnections({
          environment: 'sandbox',
          from: '2025-06-25',
          to: TODAY,
          requestId: 'd',
        });
        assert.ok(load.ok);
        return handlers.exportFollowUps({ loadId: load.value.loadId });
      };
      const outcome = await exportLastDays();
      assert.deepEqual(outcome, { ok: true, value: { status: 'dialog_cancelled' } });
      assert.deepEqual(await readdir(folder), []);

      const bad = await exportLastDays({ chooseSavePath: async () => folder });
      assert.equal(!bad.ok && bad.error.code, 'bad_target');
      assert.deepEqual(await readdir(folder), []);
    });
  });
});
