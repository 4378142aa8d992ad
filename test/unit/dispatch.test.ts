import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallHandlers } from '#common/contract.ts';
import { ok } from '#common/result.ts';
import { createDispatch } from '../../electron/backend/dispatch.ts';
import { createLogger } from '../../electron/backend/log.ts';

const calls: Array<{ name: string; args: unknown }> = [];
const record =
  (name: string) =>
  async (args?: unknown): Promise<never> => {
    calls.push({ name, args });
    if (name === 'getAppInfo') throw new Error('boom');
    return ok(null) as never;
  };
const handlers = new Proxy({} as CallHandlers, { get: (_t, name) => record(String(name)) });
const dispatch = createDispatch(handlers, createLogger(null));

test('a valid call reaches its handler with the parsed arguments', async () => {
  calls.length = 0;
  const result = await dispatch('removeKey', { environment: 'production' });
  assert.deepEqual(result, ok(null));
  assert.deepEqual(calls, [{ name: 'removeKey', args: { environment: 'production' } }]);
});

test('unknown calls, wrong types, unknown fields and missing fields are bad_input', async () => {
  calls.length = 0;
  const cases: Array<[string, unknown, string | undefined]> = [
    ['deleteEverything', undefined, undefined],
    ['toString', undefined, undefined],
    ['removeKey', { environment: 'staging' }, 'environment'],
    ['removeKey', { environment: 'sandbox', extra: 1 }, undefined],
    [
      'searchUsers',
      { environment: 'sandbox', from: '2026-01-01', to: '2026-01-02', page: 1 },
      'perPage',
    ],
    ['saveKey', { environment: 'sandbox', key: 12345678 }, 'key'],
    ['getSettings', { surprise: true }, undefined],
  ];
  for (const [name, args, field] of cases) {
    const result = await dispatch(name, args);
    assert.equal(result.ok, false, name);
    assert.equal(!result.ok && result.error.code, 'bad_input', name);
    if (field) assert.equal(!result.ok && result.error.field, field, name);
  }
  assert.deepEqual(calls, [], 'no handler ran');
});

test('a handler that throws still answers, with `internal`', async () => {
  const result = await dispatch('getAppInfo', undefined);
  assert.equal(!result.ok && result.error.code, 'internal');
});
