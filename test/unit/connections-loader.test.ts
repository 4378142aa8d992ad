// The connections loader on a hand-made client: every page read once at the size Palenca
// answered, counted in page order however they arrive, exact for what Palenca said (starts
// over when the window changes, at most twice), errors and cancels as values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoginsPage, PalencaLogin } from '#common/models.ts';
import { fail, ok, type Result } from '#common/result.ts';
import {
  type ConnectionsProgressStep,
  MAX_RESTARTS,
  readConnections,
} from '../../electron/backend/connections/connections-loader.ts';
import type {
  CallOptions,
  LoginsQuery,
  PalencaClient,
} from '../../electron/backend/palenca/client.ts';

const WINDOW = { from: '2025-06-01', to: '2025-06-30' };

let n = 0;
const attempt = (status: string, platform = 'uber'): PalencaLogin => {
  n++;
  return {
    id: `login-${n}`,
    account_id: `account-${n}`,
    platform,
    status,
    status_details: null,
    source: 'widget',
    message: null,
    recommendation: null,
    created_at: null,
    updated_at: null,
  };
};
const attempts = (count: number): PalencaLogin[] =>
  Array.from({ length: count }, (_, i) => attempt(i % 3 === 0 ? 'success' : 'error'));

interface Stub {
  client: PalencaClient;
  asked: { query: LoginsQuery; priority: string | undefined }[];
}

/**
 * A client paging `logins()` as Palenca does, at most `cap` a page. `before(page)` runs before
 * each answer (it may change the attempts, or hold the answer back).
 */
function stubClient(
  logins: () => PalencaLogin[],
  options: {
    cap?: number;
    before?: (query: LoginsQuery) => Promise<Result<LoginsPage> | undefined> | undefined;
  } = {},
): Stub {
  const asked: Stub['asked'] = [];
  const searchLogins = async (
    query: LoginsQuery,
    call: CallOptions = {},
  ): Promise<Result<LoginsPage>> => {
    asked.push({ query, priority: call.priority });
    const instead = await options.before?.(query);
    if (call.signal?.aborted) return fail('cancelled', 'The request was cancelled.');
    if (instead) return instead;
    const all = logins();
    const size = Math.min(query.perPage, options.cap ?? 100);
    return ok({
      logins: all.slice((query.page - 1) * size, query.page * size),
      pagination: {
        page: query.page,
        items_per_page: size,
        total_items: all.length,
        total_pages: Math.ceil(all.length / size),
      },
    });
  };
  return { client: { searchLogins } as unknown as PalencaClient, asked };
}

const firstPageOf = async (stub: Stub): Promise<LoginsPage> => {
  const first = await stub.client.searchLogins({ ...WINDOW, page: 1, perPage: 100 });
  assert.ok(first.ok);
  stub.asked.length = 0;
  return first.value;
};

describe('readConnections', () => {
  it('reads every page once, in the background, at the size Palenca answered', async () => {
    const all = attempts(250);
    const stub = stubClient(() => all, { cap: 40 });
    const first = await firstPageOf(stub);
    const progress: ConnectionsProgressStep[] = [];
    const read = await readConnections(stub.client, WINDOW, {
      firstPage: first,
      onProgress: (p) => progress.push(p),
    });
    assert.ok(read.ok, JSON.stringify(read));
    assert.equal(read.value.attempts, 250);
    assert.equal(read.value.groups.connected, 84);
    assert.equal(read.value.groups.failed, 166);
    assert.equal(read.value.followUpList?.length, 166);
    assert.deepEqual(
      stub.asked.map((a) => a.query.page).sort((a, b) => a - b),
      [2, 3, 4, 5, 6, 7],
      'page one came with the estimate',
    );
    for (const { query, priority } of stub.asked) {
      assert.equal(query.perPage, 40);
      assert.equal(priority, 'background');
    }
    assert.deepEqual(progress[0], { pagesDone: 1, pagesTotal: 7 });
    assert.deepEqual(progress.at(-1), { pagesDone: 7, pagesTotal: 7 });
    assert.equal(read.value.from, WINDOW.from);
    assert.ok(!Number.isNaN(Date.parse(read.value.readAt)));
  });

  it('counts pages in their order whatever order they arrive in', async () => {
    const all = attempts(500);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const stub = stubClient(() => all, {
      before: async (query) => {
        // Page 2 is slow: it arrives after 3 and 4.
        if (query.page === 2) await held;
        if (query.page === 4) setImmediate(release);
        return undefined;
      },
    });
    const read = await readConnections(stub.client, WINDOW, { concurrency: 3 });
    assert.ok(read.ok, JSON.stringify(read));
    assert.deepEqual(
      read.value.followUpList?.map((f) => f.loginId),
      all.filter((l) => l.status !== 'success').map((l) => l.id),
      'newest first, as Palenca listed them',
    );
    assert.equal(stub.asked[0]?.query.page, 1);
    assert.equal(stub.asked.length, 5);
  });

  /**
   * Reads 300 attempts a page at a time, `change` applied to them once, just before page 3 is
   * read; with the restarts said and the attempts as they ended.
   */
  async function readChangedOnce(change: (all: PalencaLogin[]) => PalencaLogin[]) {
    let all = attempts(300);
    let changed = false;
    const stub = stubClient(() => all, {
      before: async (query) => {
        if (query.page === 3 && !changed) {
          changed = true;
          all = change(all);
        }
        return undefined;
      },
    });
    const restarts: string[] = [];
    const read = await readConnections(stub.client, WINDOW, {
      concurrency: 1,
      onRestart: (r) => restarts.push(r),
    });
    assert.ok(read.ok, JSON.stringify(read));
    return { read: read.value, restarts, all };
  }

  it('counts once an attempt pushed onto the next page, so the shortfall shows', async () => {
    // One attempt created and the oldest removed while reading: the total stays the same, and
    // page 3 starts with page 2's last. Counted twice, it would hide the one never seen.
    const { read, restarts, all } = await readChangedOnce((all) => [
      attempt('error'),
      ...all.slice(0, -1),
    ]);
    assert.equal(read.attempts, 300);
    assert.deepEqual(restarts, ['299 distinct attempts read, Palenca said 300']);
    assert.equal(read.followUpList?.[0]?.loginId, all[0]?.id, 'the new one, on the second pass');
  });

  it('starts over when the total changes, and succeeds when it settles', async () => {
    const { read, restarts } = await readChangedOnce((all) => [attempt('pending'), ...all]);
    assert.equal(read.attempts, 301);
    assert.equal(read.groups.waiting, 1);
    assert.equal(restarts.length, 1);
    assert.match(restarts[0] ?? '', /301/);
  });

  it('starts over when the attempts read do not add up to the total', async () => {
    const all = attempts(300);
    let short = true;
    const stub = stubClient(() => all, {
      before: async (query) => {
        if (query.page !== 2 || !short) return undefined;
        short = false;
        // A page that lost an attempt while the total still says 300.
        return ok({
          logins: all.slice(101, 200),
          pagination: { page: 2, items_per_page: 100, total_items: 300, total_pages: 3 },
        });
      },
    });
    const restarts: string[] = [];
    const read = await readConnections(stub.client, WINDOW, { onRestart: (r) => restarts.push(r) });
    assert.ok(read.ok, JSON.stringify(read));
    assert.equal(read.value.attempts, 300);
    assert.deepEqual(restarts, ['299 distinct attempts read, Palenca said 300']);
  });

  it(`fails window_changed after ${MAX_RESTARTS} restarts`, async () => {
    let all = attempts(300);
    const stub = stubClient(() => all, {
      before: async (query) => {
        if (query.page === 2) all = [attempt('error'), ...all];
        return undefined;
      },
    });
    const restarts: string[] = [];
    const read = await readConnections(stub.client, WINDOW, { onRestart: (r) => restarts.push(r) });
    assert.equal(read.ok, false);
    assert.equal(!read.ok && read.error.code, 'window_changed');
    assert.ok(!read.ok && read.error.detail);
    assert.equal(restarts.length, MAX_RESTARTS);
    assert.equal(stub.asked.filter((a) => a.query.page === 1).length, MAX_RESTARTS + 1);
  });

  it("fails with a page's error, and asks nothing more", async () => {
    const all = attempts(1000);
    const stub = stubClient(() => all, {
      before: async (query) =>
        query.page === 3 ? fail('unavailable', 'Palenca is not available.') : undefined,
    });
    const read = await readConnections(stub.client, WINDOW, { concurrency: 2 });
    assert.equal(!read.ok && read.error.code, 'unavailable');
    assert.ok(stub.asked.length <= 5, `stopped early: ${stub.asked.length} asked`);
  });

  it('a cancel ends it as cancelled', async () => {
    const all = attempts(1000);
    const controller = new AbortController();
    const stub = stubClient(() => all, {
      before: async (query) => {
        if (query.page === 4) controller.abort();
        return undefined;
      },
    });
    const read = await readConnections(stub.client, WINDOW, {
      signal: controller.signal,
      concurrency: 1,
    });
    assert.equal(!read.ok && read.error.code, 'cancelled');
    assert.equal(stub.asked.length, 4);
  });

  it('an empty window is one request and zero everywhere', async () => {
    const stub = stubClient(() => []);
    const read = await readConnections(stub.client, WINDOW);
    assert.ok(read.ok);
    assert.equal(read.value.attempts, 0);
    assert.deepEqual(read.value.followUpList, []);
    assert.equal(stub.asked.length, 1);
  });

  it('a page size of 0 with attempts is an answer that cannot be paged', async () => {
    const stub = stubClient(() => [], {
      before: async () =>
        ok({
          logins: [],
          pagination: { page: 1, items_per_page: 0, total_items: 5, total_pages: 0 },
        }),
    });
    const read = await readConnections(stub.client, WINDOW);
    assert.equal(!read.ok && read.error.code, 'answer_inconsistent');
  });

  it('a platform filter counts its attempts only, the check still over all', async () => {
    const all = [...attempts(150), attempt('error', 'didi'), attempt('success', 'didi')];
    const stub = stubClient(() => all);
    const read = await readConnections(stub.client, WINDOW, { platform: 'didi' });
    assert.ok(read.ok, JSON.stringify(read));
    assert.equal(read.value.attempts, 2);
    assert.equal(read.value.followUps, 1);
  });
});
