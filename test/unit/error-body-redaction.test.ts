// Issue 15, item 12: Palenca's error bodies become codes and our own messages; at most a short
// excerpt travels on (the renderer's "details", the log), with the key taken out in every
// form a server could echo it in (raw, base64, URL-encoded, cut short) and any other token.
// Checked on what the renderer receives through the backend's dispatch, and on the log file.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { AppError } from '#common/result.ts';
import { type Backend, createBackend } from '../../electron/backend/backend.ts';
import { createLogger, type Logger } from '../../electron/backend/log.ts';
import {
  REDACTED,
  safeExcerpt,
  secretForms,
} from '../../electron/backend/palenca/error-excerpt.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { memoryKeyStore, testBackendOptions } from '../support/backend-options.ts';

const TODAY = '2025-06-30';
const FILTER = { from: '2025-01-01', to: TODAY };
// Characters that URL-encoding and base64 change, so each form differs from the others.
const KEY = 'pk_live/Zq9+Wx7=Rt5~Mn3!Lk1_Hg8-Vb6.Cx4';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => Buffer.from(text).toString('base64url');

/** Every way the key is echoed below. */
const ECHOES = {
  raw: KEY,
  base64: b64(KEY),
  base64url: b64url(KEY),
  urlEncoded: encodeURIComponent(KEY),
  // An "Authorization: Basic" dump: the key base64'd after other bytes (another alignment).
  basic: b64(`apikey:${KEY}`),
  head: KEY.slice(0, 12),
  tail: KEY.slice(-10),
  middle: KEY.slice(12, 21),
};

/** Each echo, as its own words in a sentence, so a piece stands alone. */
const echoed = Object.entries(ECHOES)
  .map(([name, value]) => `${name}: ${value} ;`)
  .join(' ');

/** The pieces that must never be seen: every 8 characters of every whole form. */
const FORBIDDEN = [
  ...new Set(
    [ECHOES.raw, ECHOES.base64, ECHOES.base64url, ECHOES.urlEncoded].flatMap((form) =>
      Array.from({ length: form.length - 7 }, (_, i) => form.slice(i, i + 8)),
    ),
  ),
];

const assertNoKey = (text: string, where: string) => {
  for (const piece of FORBIDDEN) {
    assert.ok(!text.includes(piece), `${where} holds "${piece}" of the key: ${text}`);
  }
  // The Basic dump's own middle (the key's bits at another alignment).
  const basicMiddle = ECHOES.basic.slice(12, 40);
  for (let i = 0; i + 8 <= basicMiddle.length; i++) {
    const piece = basicMiddle.slice(i, i + 8);
    assert.ok(!text.includes(piece), `${where} holds "${piece}" of the Basic dump: ${text}`);
  }
};

const BODIES: Array<{ status: number; contentType: string; body: string }> = [
  {
    status: 401,
    contentType: 'application/json',
    body: JSON.stringify({
      success: false,
      error: { code: 'invalid_api_key', message: `Invalid API key. ${echoed}`, errors: [] },
      data: null,
    }),
  },
  {
    status: 400,
    contentType: 'application/json',
    body: JSON.stringify({
      detail: [{ loc: ['header', 'x-api-key'], msg: `rejected ${echoed}`, type: 'value_error' }],
    }),
  },
  {
    status: 500,
    contentType: 'text/html',
    body: `<html><body><h1>500 internal_server_error</h1><pre>x-api-key: ${echoed} session=AbC123xyz987QWE654rty</pre></body></html>`,
  },
];

describe('error bodies echoing the key', () => {
  let fake: FakePalenca;
  let root: string;
  let log: Logger;
  let backend: Backend;

  before(async () => {
    fake = await startFakePalenca({ apiKey: KEY, users: 400, today: TODAY, days: 400 });
    root = await mkdtemp(join(tmpdir(), 'palenca-redaction-'));
    log = createLogger(join(root, 'logs'));
    backend = createBackend(
      testBackendOptions({
        dataDir: join(root, 'data'),
        keyStore: memoryKeyStore({ sandbox: KEY }),
        platform: { chooseSavePath: async () => join(root, 'users.csv') },
        log,
        palencaUrl: fake.baseUrl,
        clientTuning: { attempts: 2, backoffBaseMs: 5, backoffMaxMs: 10, timeoutMs: 5000 },
      }),
    );
  });
  after(async () => {
    await backend.shutdown();
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => fake.setFault(null));

  for (const { status, contentType, body } of BODIES) {
    test(`HTTP ${status}: what reaches the renderer and the log holds no form of the key`, async () => {
      assert.ok(body.includes(ECHOES.base64) && body.includes(ECHOES.urlEncoded));
      fake.setFault({ kind: 'raw', status, body, contentType });
      const calls = [
        await backend.dispatch('searchUsers', {
          environment: 'sandbox',
          ...FILTER,
          page: 1,
          perPage: 50,
        }),
        await backend.dispatch('getUserAccounts', {
          environment: 'sandbox',
          userId: '00000000-0000-4000-8000-000000000000',
        }),
        await backend.dispatch('exportUsers', { environment: 'sandbox', filter: FILTER }),
      ];
      for (const result of calls) {
        assert.equal(result.ok, false, JSON.stringify(result));
        const error = (result as { ok: false; error: AppError }).error;
        // Still useful to whoever reads the details: the status, and our own words.
        assert.match(error.detail ?? '', new RegExp(`HTTP ${status}`));
        assert.ok(
          (error.detail ?? '').length <= 400,
          `a short excerpt: ${error.detail?.length} chars`,
        );
        assertNoKey(JSON.stringify(error), `the ${error.code} error sent to the renderer`);
      }
      const file = log.file;
      assert.ok(file);
      const written = await readFile(file, 'utf8');
      assert.match(written, new RegExp(`export failed: .*HTTP ${status}`), 'the failure is logged');
      assertNoKey(written, 'the log');
    });
  }
});

describe('safeExcerpt', () => {
  test('keeps words, codes and short values; removes the key and tokens', () => {
    const text = safeExcerpt(
      `{"code":"internal_server_error","cause":"UNABLE_TO_VERIFY_LEAF_SIGNATURE","page":3,"token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc123DEF456","key":"${b64(KEY)}"}`,
      KEY,
    );
    assert.match(text, /internal_server_error/);
    assert.match(text, /UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    assert.match(text, /"page":3/);
    assert.doesNotMatch(text, /eyJhbGciOiJIUzI1NiJ9/);
    assert.ok(text.includes(REDACTED));
    assertNoKey(text, 'the excerpt');
  });

  test('a key cut by the length limit leaves no piece of it', () => {
    const text = safeExcerpt(`${'word '.repeat(39)}${KEY} and more`, KEY);
    assertNoKey(text, 'the excerpt');
    assert.ok(text.length <= 201);
  });

  test('the forms include the key raw, base64 and URL-encoded', () => {
    const forms = secretForms(KEY);
    for (const form of [KEY, b64(KEY), b64url(KEY), encodeURIComponent(KEY)]) {
      assert.ok(forms.includes(form), form);
    }
    assert.deepEqual(secretForms(''), []);
  });
});
