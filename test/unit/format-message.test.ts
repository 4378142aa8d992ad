// The renderer's ICU-subset message formatter, and the English catalog it formats.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_CODES } from '#common/error-codes.ts';
import en from '#common/i18n/en.json' with { type: 'json' };
import { formatMessage } from '#common/i18n/format-message.ts';

test('arguments are replaced; numbers use the locale', () => {
  assert.equal(formatMessage('Hello {name}!', { name: 'Ana' }), 'Hello Ana!');
  assert.equal(formatMessage('{n} rows', { n: 1234 }, 'en'), '1,234 rows');
  assert.equal(formatMessage('{n} filas', { n: 1234567 }, 'es-MX'), '1,234,567 filas');
  assert.equal(formatMessage('{n} linhas', { n: 1234 }, 'pt-BR'), '1.234 linhas');
  assert.equal(formatMessage('missing {x}.', {}), 'missing .');
});

test('plurals pick =N, then the locale category, then other; # is the number', () => {
  const msg = '{count, plural, =0 {no users} one {# user} other {# users}}';
  assert.equal(formatMessage(msg, { count: 0 }), 'no users');
  assert.equal(formatMessage(msg, { count: 1 }), '1 user');
  assert.equal(formatMessage(msg, { count: 2 }), '2 users');
  assert.equal(formatMessage(msg, { count: 1500 }), '1,500 users');
  // French puts 0 and 1 in "one".
  assert.equal(
    formatMessage('{n, plural, one {# seul} other {# plusieurs}}', { n: 0 }, 'fr'),
    '0 seul',
  );
});

test('select picks the matching option or other, and nests', () => {
  const msg =
    '{env, select, production {Live} other {Test {count, plural, one {# row} other {# rows}}}}';
  assert.equal(formatMessage(msg, { env: 'production', count: 3 }), 'Live');
  assert.equal(formatMessage(msg, { env: 'sandbox', count: 1 }), 'Test 1 row');
  assert.equal(formatMessage(msg, { count: 4 }), 'Test 4 rows');
});

test('a doubled apostrophe is one apostrophe; malformed messages throw', () => {
  assert.equal(formatMessage("Palenca''s console"), "Palenca's console");
  assert.throws(() => formatMessage('{count, plural, one {x}}'), /other/);
  assert.throws(() => formatMessage('{name'), /Bad message/);
  assert.throws(() => formatMessage('{n, number}'), /unknown type/);
  assert.throws(() => formatMessage('text }'), /Bad message/);
});

test('the English catalog: sorted keys, every message parses, every error code has words', () => {
  const keys = Object.keys(en);
  assert.deepEqual(keys, [...keys].sort());
  for (const key of keys) assert.match(key, /^[a-z0-9]+(_[a-z0-9]+)*$/, key);
  for (const [key, message] of Object.entries(en)) {
    assert.doesNotThrow(() => formatMessage(message, {}), key);
  }
  for (const code of ERROR_CODES) {
    const message = (en as Record<string, string>)[`error_${code}`];
    assert.ok(message, `error_${code} is missing`);
    assert.doesNotMatch(message, /\b[45]\d\d\b/, `error_${code} has no HTTP numbers`);
  }
});
