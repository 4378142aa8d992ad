// The chart calls: a cancel must stop a load at any moment, even while the key is still being
// read from the keychain (a slow or locked keychain can take seconds).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createContext } from '../../electron/backend/context.ts';
import { createTrendHandlers } from '../../electron/backend/handlers/trend-handlers.ts';
import type { KeyStore } from '../../electron/backend/keychain/key-store.ts';
import { createLogger } from '../../electron/backend/log.ts';
import { ok, type Result } from '../../electron/shared/result.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';

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
    const ctx = createContext({
      dataDir: join(root, `data-${++n}`),
      keyStore: keychain.store,
      platform: {
        chooseSavePath: async () => null,
        showInFolder: async () => {},
        openPath: async () => {},
        openExternal: async () => {},
      },
      log: createLogger(null),
      appInfo: { version: '0.0.0-test', systemLocale: 'en-US', platform: process.platform },
      emit: () => {},
      env: { PALENCA_API_URL: fake.baseUrl },
      clientTuning: { attempts: 2, backoffBaseMs: 5, backoffMaxMs: 10, timeoutMs: 2000 },
    });
    return { keychain, handlers: createTrendHandlers(ctx) };
  };

  const waitFor = async (condition: () => boolean) => {
    for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 1));
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
