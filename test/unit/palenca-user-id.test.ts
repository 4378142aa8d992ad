// User ids go into a URL path with the key attached: anything that could change the path is
// refused before a request is made.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPalencaClient } from '../../electron/backend/palenca/client.ts';
import { checkAccountId, checkUserId } from '../../electron/backend/palenca/search-input.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';

const BAD = [
  '.',
  '..',
  ' .. ',
  'a/b',
  '../accounts',
  'a?b=1',
  'a#b',
  'a%2e',
  '%2e%2e',
  'a b',
  'a\tb',
  'a\u00a0b',
  'a\nb',
  'a\u0000b',
  'a\u007fb',
  'a\u0085b',
  // An allow-list, not a deny-list: what was never foreseen is refused too.
  'a\\b',
  '\\',
  'a.b',
  'user.1_a-b',
  '...',
  '%',
  'a%b',
  ' a',
  'a ',
  'usuário',
  'a\u202eb',
  'a\u200bb',
  'a:b',
  'a;b',
  'a&b',
  'a+b',
  'a=b',
  'a@b',
  'a~b',
  "a'b",
  'a"b',
  '',
  'x'.repeat(201),
];

test('checkUserId refuses dot segments, path characters and anything not allowed, naming the field', () => {
  for (const id of BAD) {
    const result = checkUserId(id);
    assert.equal(result.ok, false, JSON.stringify(id));
    if (result.ok) continue;
    assert.equal(result.error.code, 'bad_request');
    assert.equal(result.error.field, 'userId');
  }
});

test('checkUserId accepts letters, digits, - and _ (a UUID), up to 200, unchanged', () => {
  for (const id of [
    '6c2b4f0e-4a1f-4f4e-9a55-0f4f0f0f0f0f',
    '6C2B4F0E4A1F4F4E9A550F4F0F0F0F0F',
    'user_1-a',
    '-',
    '_',
    'x'.repeat(200),
  ]) {
    assert.deepEqual(checkUserId(id), { ok: true, value: id });
  }
});

test('account ids go through the same allow-list', () => {
  for (const id of ['a\\b', 'a.b', '..', 'a b', '%2e']) {
    const result = checkAccountId(id);
    assert.equal(!result.ok && result.error.field, 'accountId', JSON.stringify(id));
  }
  assert.deepEqual(checkAccountId('acc_6c2b4f0e-4a1f'), { ok: true, value: 'acc_6c2b4f0e-4a1f' });
});

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 5 });
});
after(() => fake.close());

test('the client sends nothing for such an id', async () => {
  const created = createPalencaClient({ baseUrl: fake.baseUrl, apiKey: fake.apiKey });
  assert.ok(created.ok);
  for (const id of ['..', 'x/../../users', 'a?b', 'a b', 'a\\b', 'a.b', 'a%2fb']) {
    const result = await created.value.getUserAccounts(id);
    assert.equal(result.ok, false, id);
    if (!result.ok) assert.equal(result.error.field, 'userId');
  }
  assert.equal(fake.requests.length, 0);
});
