// The workers behind the trend chart's counts and the reconcile lookups: at most N at once,
// items taken in order, the first failure stops the rest and is returned, the caller's signal
// stops it as `stopped`. Each waits for a state (a promise it resolves), never for a time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fail, ok, type Result } from '#common/result.ts';
import { workThrough } from '../../electron/backend/work-pool.ts';

/** Work that holds each item until the test lets it go, recording what is in flight. */
function heldWork() {
  const started: number[] = [];
  const release = new Map<number, (result: Result<unknown>) => void>();
  let inFlight = 0;
  let most = 0;
  const work = (item: number, signal: AbortSignal) =>
    new Promise<Result<unknown>>((resolve) => {
      started.push(item);
      most = Math.max(most, ++inFlight);
      const done = (result: Result<unknown>) => {
        inFlight--;
        resolve(result);
      };
      release.set(item, done);
      signal.addEventListener('abort', () => done(fail('cancelled', 'The request was cancelled.')));
    });
  const settle = async (item: number, result: Result<unknown> = ok(null)) => {
    while (!release.has(item)) await new Promise((r) => setImmediate(r));
    release.get(item)?.(result);
  };
  return { work, started, settle, most: () => most };
}

describe('workThrough', () => {
  it('works through every item in order, never more than N at once: done', async () => {
    const held = heldWork();
    const items = [1, 2, 3, 4, 5, 6, 7];
    const end = workThrough(items, { concurrency: 3 }, held.work);
    for (const item of items) await held.settle(item);
    assert.deepEqual(await end, ok('done'));
    assert.deepEqual(held.started, items);
    assert.equal(held.most(), 3);
  });

  it('the first failure is returned, aborts the work in flight and begins nothing more', async () => {
    const held = heldWork();
    const end = workThrough([1, 2, 3, 4, 5, 6], { concurrency: 2 }, held.work);
    await held.settle(1);
    await held.settle(3, fail('unavailable', 'Palenca is not available.'));
    const result = await end;
    assert.equal(!result.ok && result.error.code, 'unavailable');
    assert.deepEqual(held.started, [1, 2, 3], 'item 2 was aborted; 4 to 6 never began');
  });

  it("the caller's signal stops it: stopped, unless the work says otherwise", async () => {
    const controller = new AbortController();
    const end = workThrough([1, 2, 3], { concurrency: 1, signal: controller.signal }, async () => {
      controller.abort();
      // Like a lookup whose answer is dropped after a stop.
      return ok(null);
    });
    assert.deepEqual(await end, ok('stopped'));
  });

  it('no items: done at once', async () => {
    assert.deepEqual(await workThrough([], { concurrency: 3 }, async () => ok(null)), ok('done'));
  });
});
