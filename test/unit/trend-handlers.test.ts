// The chart calls: a cancel must stop a load at any moment, even while the key is still being
// read from the keychain (a slow or locked keychain can take seconds).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TrendProgress } from '#common/models.ts';
import { ok, type Result } from '#common/result.ts';
import type { Priority } from '../../electron/backend/allowance/allowance-governor.ts';
import { type BackendContext, createContext } from '../../electron/backend/context.ts';
import { createTrendHandlers } from '../../electron/backend/handlers/trend-handlers.ts';
import type { KeyStore } from '../../electron/backend/keychain/key-store.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { memoryKeyStore, testBackendOptions } from '../support/backend-options.ts';

const TODAY = '2025-06-30';
const FILTER = { from: '2025-06-01', to: TODAY };

/** A keychain whose reads wait until the test lets them through. */
function slowKeyStore(key: string) {
  const waiting: (() => void)[] = [];
  const store: KeyStore = {
    get: () =>
      new Promise<Result<string | null>>((resolve) => {
        waiting.push(() => resolve(ok(key)));
      }),
    set: async () => ok(null),
    delete: async () => ok(false),
    has: async () => ok(true),
  };
  return {
    store,
    pending: () => waiting.length,
    releaseAll: () => {
      for (const release of waiting.splice(0)) release();
    },
  };
}

describe('trend handlers', () => {
  let fake: FakePalenca;
  let root: string;

  before(async () => {
    fake = await startFakePalenca({ users: 500, today: TODAY, days: 60 });
    root = await mkdtemp(join(tmpdir(), 'palenca-trend-handlers-'));
  });
  after(async () => {
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });

  let n = 0;
  const harness = () => {
    const keychain = slowKeyStore(fake.apiKey);
    const ctx = createContext(
      testBackendOptions({
        dataDir: join(root, `data-${++n}`),
        keyStore: keychain.store,
        palencaUrl: fake.baseUrl,
        clientTuning: { attempts: 2, backoffBaseMs: 5, backoffMaxMs: 10, timeoutMs: 2000 },
      }),
    );
    return { keychain, handlers: createTrendHandlers(ctx) };
  };

  const waitFor = async (condition: () => boolean) => {
    // Waits for the state, with a limit only a hang reaches on a busy machine.
    const deadline = Date.now() + 10_000;
    while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    assert.ok(condition(), 'condition reached');
  };

  it('a cancel while the keychain is still answering ends the load, with no request', async () => {
    const { keychain, handlers } = harness();
    const before = fake.requests.length;
    const load = handlers.loadTrend({ environment: 'sandbox', filter: FILTER, requestId: 'a' });
    await waitFor(() => keychain.pending() === 1);
    assert.deepEqual(await handlers.cancelTrend({ requestId: 'a' }), ok(null));
    keychain.releaseAll();
    const result = await load;
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'cancelled');
    assert.equal(fake.requests.length, before, 'nothing was sent to Palenca');
  });

  it('a newer load with the same request id replaces one still waiting for the key', async () => {
    const { keychain, handlers } = harness();
    const first = handlers.loadTrend({ environment: 'sandbox', filter: FILTER, requestId: 'b' });
    await waitFor(() => keychain.pending() === 1);
    const second = handlers.loadTrend({ environment: 'sandbox', filter: FILTER, requestId: 'b' });
    await waitFor(() => keychain.pending() === 2);
    keychain.releaseAll();
    const [a, b] = await Promise.all([first, second]);
    assert.equal(!a.ok && a.error.code, 'cancelled');
    assert.ok(b.ok, JSON.stringify(b));
    assert.equal(
      b.value.buckets.reduce((sum, bucket) => sum + bucket.count, 0),
      fake.countInWindow(FILTER.from, FILTER.to),
    );
  });

  it('without a cancel the load finishes', async () => {
    const { keychain, handlers } = harness();
    const load = handlers.loadTrend({
      environment: 'sandbox',
      filter: { from: '2025-05-01', to: TODAY },
      requestId: 'c',
    });
    await waitFor(() => keychain.pending() === 1);
    keychain.releaseAll();
    const result = await load;
    assert.ok(result.ok, JSON.stringify(result));
  });
});

/** Waits for `condition`, with no tight bound: a busy machine may be slow. */
async function until(condition: () => boolean, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('trend handlers within the allowance', () => {
  const LONG_TODAY = '2026-11-27';
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'palenca-trend-allowance-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  let n = 0;
  /** A backend on `fake` whose events and governor requests are recorded. */
  const backend = (fake: FakePalenca) => {
    const events: TrendProgress[] = [];
    const ctx: BackendContext = createContext(
      testBackendOptions({
        dataDir: join(root, `data-${++n}`),
        keyStore: memoryKeyStore({ sandbox: fake.apiKey, production: fake.apiKey }),
        palencaUrl: fake.baseUrl,
        emit: (event, payload) => {
          if (event === 'trendProgress') events.push(payload as TrendProgress);
        },
        clientTuning: { attempts: 2, backoffBaseMs: 5, backoffMaxMs: 10, timeoutMs: 5000 },
      }),
    );
    const handlers = createTrendHandlers(ctx, { today: () => LONG_TODAY });
    // Observe the environment's governor: what priority each request asked for, and whether
    // the handler's status listener is still attached.
    const priorities: Priority[] = [];
    const listeners = { active: 0, peak: 0 };
    const observeGovernor = () => {
      const governor = ctx.allowanceFor('sandbox');
      const acquire = governor.acquire.bind(governor);
      governor.acquire = (priority, signal) => {
        priorities.push(priority);
        return acquire(priority, signal);
      };
      const onStatus = governor.onStatus.bind(governor);
      governor.onStatus = (listener) => {
        listeners.active++;
        listeners.peak = Math.max(listeners.peak, listeners.active);
        const off = onStatus(listener);
        return () => {
          listeners.active--;
          return off();
        };
      };
      return governor;
    };
    observeGovernor();
    return { ctx, handlers, events, priorities, listeners, observeGovernor };
  };

  const load = (
    handlers: ReturnType<typeof createTrendHandlers>,
    from: string,
    to: string,
    requestId: string,
  ) => handlers.loadTrend({ environment: 'sandbox', filter: { from, to }, requestId });

  describe('on a generous server', () => {
    let fake: FakePalenca;
    before(async () => {
      fake = await startFakePalenca({ users: 4000, today: LONG_TODAY, days: 11_000 });
    });
    after(() => fake.close());

    it('reports progress up to the total, sends only background requests, and lets go of the governor', async () => {
      const { handlers, events, priorities, listeners } = backend(fake);
      const before = fake.requests.length;
      const result = await load(handlers, '2016-11-28', LONG_TODAY, 'p');
      assert.ok(result.ok, JSON.stringify(result));
      const total = result.value.buckets.length;
      assert.equal(total, 41);
      const sent = fake.requests.length - before;
      assert.ok(sent <= 61, `${sent} requests`);
      assert.equal(priorities.length, sent);
      assert.ok(priorities.every((p) => p === 'background'));

      const mine = events.filter((e) => e.requestId === 'p');
      assert.equal(mine.length, events.length);
      assert.ok(mine.length >= 2);
      const first = mine[0] as TrendProgress;
      assert.equal(first.done, 0);
      assert.equal(first.total, total);
      assert.ok(typeof first.remainingMs === 'number' && first.remainingMs > 0);
      for (let i = 1; i < mine.length; i++) {
        assert.ok((mine[i] as TrendProgress).done >= (mine[i - 1] as TrendProgress).done);
      }
      for (const event of mine) {
        assert.equal(event.total, total);
        assert.ok(['paced', 'held_back', 'waiting'].includes(event.allowance.state));
      }
      const last = mine.at(-1) as TrendProgress;
      assert.equal(last.done, total);
      assert.equal(last.remainingMs, null);

      assert.equal(listeners.peak, 1, 'subscribed to the governor during the load');
      assert.equal(listeners.active, 0, 'and unsubscribed after it');
    });

    it('reuses the counts of past buckets across charts; a new key forgets them', async () => {
      const { ctx, handlers, observeGovernor } = backend(fake);
      let before = fake.requests.length;
      const first = await load(handlers, '2012-01-01', '2021-12-31', 'r1');
      assert.ok(first.ok, JSON.stringify(first));
      assert.equal(fake.requests.length - before, 41);

      before = fake.requests.length;
      const second = await load(handlers, '2016-01-01', LONG_TODAY, 'r2');
      assert.ok(second.ok, JSON.stringify(second));
      assert.equal(second.value.buckets.length, 44);
      assert.equal(fake.requests.length - before, 21, '24 of 44 quarters reused');
      for (const bucket of second.value.buckets) {
        assert.equal(bucket.count, fake.countInWindow(bucket.from, bucket.to), bucket.from);
      }

      // Saving or removing a key gives the environment a new governor: the counts go too.
      ctx.forgetAllowance('sandbox');
      observeGovernor();
      before = fake.requests.length;
      const third = await load(handlers, '2014-01-01', '2019-12-31', 'r3');
      assert.ok(third.ok, JSON.stringify(third));
      assert.equal(fake.requests.length - before, 25, 'nothing reused after a key change');
    });
  });

  describe('at 40 requests per 2 s', () => {
    let fake: FakePalenca;
    before(async () => {
      fake = await startFakePalenca({
        users: 4000,
        today: LONG_TODAY,
        days: 11_000,
        allowance: { limit: 40, windowMs: 2_000 },
      });
    });
    after(() => fake.close());

    it('a 60-bucket chart at the default share draws no 429', async () => {
      const { handlers, events } = backend(fake);
      const before = fake.requests.length;
      const result = await load(handlers, '1900-01-01', LONG_TODAY, 'big');
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.value.buckets.length, 60);
      const mine = fake.requests.slice(before);
      assert.equal(mine.length, 61);
      assert.deepEqual(
        mine.filter((r) => r.refused),
        [],
      );
      const sum = result.value.buckets.reduce((s, b) => s + b.count, 0);
      assert.equal(sum, fake.countInWindow('1900-01-01', LONG_TODAY));
      assert.equal(events.at(-1)?.done, 60);
    });

    it('a change of the allowance state during the load is reported at once', async () => {
      const { handlers, events } = backend(fake);
      // Once the chart is under way, the organisation's other integration spends the window
      // (again in the next one should the chart send nothing more in this one), until Palenca
      // has refused one of the chart's requests.
      let seen = 0;
      let refused = false;
      fake.onRequest((request) => {
        if (request.refused) refused = true;
        else if (++seen >= 3 && !refused) fake.exhaustWindow();
      });
      try {
        const pending = load(handlers, '2024-01-01', '2025-12-31', 'w');
        await until(
          () => events.some((e) => e.requestId === 'w' && e.allowance.state === 'waiting'),
          'a progress event saying the chart waits for the allowance',
        );
        const result = await pending;
        assert.ok(result.ok, JSON.stringify(result));
        for (const bucket of result.value.buckets) {
          assert.equal(bucket.count, fake.countInWindow(bucket.from, bucket.to), bucket.from);
        }
        const waiting = events.find((e) => e.allowance.state === 'waiting') as TrendProgress;
        assert.ok(waiting.done < waiting.total);
        assert.ok(typeof waiting.allowance.until === 'number');
        assert.equal(events.at(-1)?.done, events.at(-1)?.total);
      } finally {
        fake.onRequest(null);
      }
    });
  });
});
