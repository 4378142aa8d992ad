// User ids go into a URL path with the key attached: anything that could change the path is
// refused before a request is made.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPalencaClient } from '../../electron/backend/palenca/client.ts';
import { checkUserId } from '../../electron/backend/palenca/search-input.ts';
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
];

test('checkUserId refuses dot segments and path characters, naming the field', () => {
  for (const id of BAD) {
    const result = checkUserId(id);
    assert.equal(result.ok, false, JSON.stringify(id));
    if (result.ok) continue;
    assert.equal(result.error.code, 'bad_request');
    assert.equal(result.error.field, 'userId');
  }
});

test('checkUserId accepts ordinary ids and encodes what is left', () => {
  assert.deepEqual(checkUserId('6c2b4f0e-4a1f-4f4e-9a55-0f4f0f0f0f0f'), {
    ok: true,
    value: '6c2b4f0e-4a1f-4f4e-9a55-0f4f0f0f0f0f',
  });
  assert.deepEqual(checkUserId('  user.1_a-b  '), { ok: true, value: 'user.1_a-b' });
  assert.deepEqual(checkUserId('...'), { ok: true, value: '...' });
  assert.deepEqual(checkUserId('usuário'), { ok: true, value: 'usu%C3%A1rio' });
});

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 5 });
});
after(() => fake.close());

test('the client sends nothing for such an id', async () => {
  const created = createPalencaClient({ baseUrl: fake.baseUrl, apiKey: fake.apiKey });
  assert.ok(created.ok);
  for (const id of ['..', 'x/../../users', 'a?b', 'a b']) {
    const result = await created.value.getUserAccounts(id);
    assert.equal(result.ok, false, id);
    if (!result.ok) assert.equal(result.error.field, 'userId');
  }
  assert.equal(fake.requests.length, 0);
});
