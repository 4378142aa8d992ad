// Page numbers and page sizes have bounds at the IPC boundary (the contract's schema) and in
// the client's own check: a page past 2^53 is never rounded and then blamed on Palenca.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallHandlers } from '#common/contract.ts';
import { ok } from '#common/result.ts';
import { createDispatch } from '../../electron/backend/dispatch.ts';
import { createLogger } from '../../electron/backend/log.ts';
import {
  checkSearchInput,
  MAX_PAGE,
  MAX_PER_PAGE,
} from '../../electron/backend/palenca/search-input.ts';

const reached: unknown[] = [];
const handlers = new Proxy({} as CallHandlers, {
  get: () => async (args: unknown) => {
    reached.push(args);
    return ok(null);
  },
});
const dispatch = createDispatch(handlers, createLogger(null));
const search = (change: Record<string, unknown>) => ({
  environment: 'sandbox',
  from: '2026-01-01',
  to: '2026-01-31',
  page: 1,
  perPage: 50,
  ...change,
});

test('the bounds are 1..100,000 pages and 1..150 users a page', () => {
  assert.equal(MAX_PAGE, 100_000);
  assert.equal(MAX_PER_PAGE, 150);
});

test('the contract refuses pages and page sizes out of bounds with bad_input, naming the field', async () => {
  const refused: Array<[Record<string, unknown>, string]> = [
    [{ page: 0 }, 'page'],
    [{ page: -1 }, 'page'],
    [{ page: 1.5 }, 'page'],
    [{ page: MAX_PAGE + 1 }, 'page'],
    [{ page: 2 ** 53 + 2 }, 'page'],
    [{ page: Number.POSITIVE_INFINITY }, 'page'],
    [{ page: Number.NaN }, 'page'],
    [{ perPage: 0 }, 'perPage'],
    [{ perPage: 151 }, 'perPage'],
    [{ perPage: 2.5 }, 'perPage'],
  ];
  reached.length = 0;
  for (const [change, field] of refused) {
    const result = await dispatch('searchUsers', search(change));
    assert.equal(!result.ok && result.error.code, 'bad_input', JSON.stringify(change));
    assert.equal(!result.ok && result.error.field, field, JSON.stringify(change));
  }
  assert.deepEqual(reached, [], 'no handler ran');

  for (const change of [{ page: 1 }, { page: MAX_PAGE }, { perPage: 1 }, { perPage: 150 }]) {
    const result = await dispatch('searchUsers', search(change));
    assert.equal(result.ok, true, JSON.stringify(change));
  }
  assert.equal(reached.length, 4);
});

test('the client refuses the same numbers itself (the CLI reaches it without the contract)', () => {
  const query = { from: '2026-01-01', to: '2026-01-31', page: 1, perPage: 50 };
  for (const page of [MAX_PAGE + 1, 2 ** 53 + 2, 1e21]) {
    const checked = checkSearchInput({ ...query, page });
    assert.equal(!checked.ok && checked.error.field, 'page', String(page));
    assert.match(!checked.ok ? checked.error.message : '', /whole number from 1 to 100,000/);
  }
  assert.equal(checkSearchInput({ ...query, page: MAX_PAGE }).ok, true);
});
