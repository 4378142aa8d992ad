// Issue 15, item 10: an answer past the size limit is abandoned while it arrives, with its own
// error (`answer_too_large`), instead of being read whole into memory. The fake server streams
// the answer only as fast as the client reads it, so "the reading stopped" shows on the
// server: it never got to write the whole body, and the connection was closed.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { fetch as undiciFetch } from 'undici';
import type { AppError, Result } from '#common/result.ts';
import {
  AnswerTooLargeError,
  readBoundedText,
} from '../../electron/backend/palenca/answer-body.ts';
import { DEFAULT_TUNING } from '../../electron/backend/palenca/client.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { clientOn, type FakeClientOptions } from '../support/fake-client.ts';

const TODAY = '2024-06-30';
const QUERY = { from: '2024-01-01', to: TODAY, page: 1, perPage: 50 };
const MB = 1024 * 1024;
/** Ten times the default limit: a client that read it whole would get to its end. */
const HUGE = 200 * MB;

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ today: TODAY, users: 300 });
});
after(() => fake.close());
afterEach(() => {
  fake.setFault(null);
  fake.requests.length = 0;
  fake.streamed.length = 0;
});

const client = (options: FakeClientOptions = {}) => clientOn(fake, options);

const errorOf = <T>(result: Result<T>): AppError => {
  assert.equal(result.ok, false, 'the call failed');
  return (result as { ok: false; error: AppError }).error;
};

async function until(condition: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the real limit (20 MB)', () => {
  test('is the default', () => {
    assert.equal(DEFAULT_TUNING.maxAnswerBytes, 20 * MB);
  });

  test('a 200 MB answer without a length is abandoned after about 20 MB, once', async () => {
    fake.setFault({ kind: 'oversized', bytes: HUGE });
    const error = errorOf(await client().searchUsers(QUERY));
    assert.equal(error.code, 'answer_too_large');
    assert.match(error.message, /larger than expected/);
    assert.match(error.detail ?? '', /limit of 20971520 bytes/);
    // Not tried again: the next answer would be as large.
    assert.equal(fake.requests.length, 1);
    const [streamed] = fake.streamed;
    assert.ok(streamed, 'the fake streamed the answer');
    await until(() => streamed.closed, 'the connection to close');
    assert.equal(streamed.complete, false, 'the body was not read to its end');
    // The limit, plus what the sockets' buffers held when reading stopped: far from 200 MB.
    assert.ok(
      streamed.bytesWritten < 80 * MB,
      `the fake wrote ${Math.round(streamed.bytesWritten / MB)} MB before the client hung up`,
    );
  });

  test('a Content-Length over the limit is refused before reading', async () => {
    fake.setFault({ kind: 'oversized', bytes: HUGE, declareLength: true });
    const error = errorOf(await client().searchUsers(QUERY));
    assert.equal(error.code, 'answer_too_large');
    assert.match(error.detail ?? '', /declared 209715200 bytes/);
    const [streamed] = fake.streamed;
    assert.ok(streamed);
    await until(() => streamed.closed, 'the connection to close');
    assert.equal(streamed.complete, false);
    assert.ok(streamed.bytesWritten < 20 * MB, `${streamed.bytesWritten} bytes written`);
  });

  test("through undici's fetch too (the CLI's proxy path)", async () => {
    fake.setFault({ kind: 'oversized', bytes: HUGE });
    // As cli-fetch.ts hands ky's request to undici: in parts, since undici takes only its own.
    const viaUndici: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const body = request.body ? await request.arrayBuffer() : undefined;
      return (await undiciFetch(request.url, {
        method: request.method,
        headers: [...request.headers],
        ...(body ? { body } : {}),
        redirect: request.redirect,
        signal: request.signal,
      })) as unknown as Response;
    };
    const error = errorOf(await client({ fetch: viaUndici }).searchUsers(QUERY));
    assert.equal(error.code, 'answer_too_large');
    const [streamed] = fake.streamed;
    assert.ok(streamed);
    await until(() => streamed.closed, 'the connection to close');
    assert.equal(streamed.complete, false);
  });
});

describe('a lowered limit', () => {
  test('applies to every answer, and answers under it still work', async () => {
    const small = client({ tuning: { maxAnswerBytes: 64 * 1024 } });
    assert.ok((await small.searchUsers(QUERY)).ok, 'a page of 50 users is a few KB');
    fake.setFault({ kind: 'oversized', bytes: 2 * MB });
    assert.equal(errorOf(await small.searchUsers(QUERY)).code, 'answer_too_large');
    // An account's answer too, not only the search.
    assert.equal(
      errorOf(await small.getUserAccounts('00000000-0000-4000-8000-000000000000')).code,
      'answer_too_large',
    );
  });
});

describe('readBoundedText, on any Response', () => {
  /** A body of `chunks` chunks of `size` bytes that counts what was pulled and whether it was cancelled. */
  const counted = (chunks: number, size: number) => {
    const state = { pulled: 0, cancelled: false };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (state.pulled >= chunks) return controller.close();
        state.pulled++;
        controller.enqueue(new Uint8Array(size).fill(0x61));
      },
      cancel() {
        state.cancelled = true;
      },
    });
    return { state, response: new Response(stream) };
  };

  test('reads an answer under the limit whole, as text() would (BOM dropped, UTF-8)', async () => {
    const text = '\uFEFF{"name":"José Ñandú"}';
    assert.equal(await readBoundedText(new Response(text), 1024), '{"name":"José Ñandú"}');
    assert.equal(await readBoundedText(new Response(null), 1024), '');
  });

  test('stops pulling and cancels the body past the limit', async () => {
    const { state, response } = counted(1000, 1024);
    await assert.rejects(readBoundedText(response, 10 * 1024), AnswerTooLargeError);
    assert.ok(state.pulled <= 12, `pulled ${state.pulled} chunks of 1,000`);
    assert.equal(state.cancelled, true);
  });

  test('an abort cancels a body that stopped arriving', async () => {
    let cancelled = false;
    const stalled = new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"success":'));
        },
        cancel() {
          cancelled = true;
        },
      }),
    );
    const controller = new AbortController();
    const reading = readBoundedText(stalled, 1024, controller.signal);
    setTimeout(() => controller.abort(new Error('gave up')), 20);
    await assert.rejects(reading, /gave up/);
    assert.equal(cancelled, true);
  });
});
