// The app's fetch (Electron's net.fetch, adapted in electron/main/net-fetch.ts) with a
// stand-in `net` that answers the way Electron does: failures reject with
// `new Error('net::ERR_…')` (Electron's lib/common/api/net-client-request.ts). Through the
// real client, which codes come out and which failures are tried again.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createPalencaClient, type SearchQuery } from '../../electron/backend/palenca/client.ts';
import { backendEnv, netFetch, networkNotes } from '../../electron/main/net-fetch.ts';

const KEY = 'sk_test_net_fetch_0123456789';
const QUERY: SearchQuery = { from: '2024-01-01', to: '2024-06-30', page: 1, perPage: 10 };
const ATTEMPTS = 3;

type NetFetch = (
  input: string | Request,
  init?: RequestInit & { bypassCustomProtocolHandlers?: boolean },
) => Promise<Response>;

/** A stand-in `net` whose fetch records each call and answers with `answer`. */
function standInNet(answer: NetFetch) {
  const calls: Array<{ url: string; redirect: RequestRedirect; bypass: unknown; key: boolean }> =
    [];
  const net = {
    fetch: ((input, init) => {
      const request = new Request(input, init);
      calls.push({
        url: request.url,
        redirect: request.redirect,
        bypass: init?.bypassCustomProtocolHandlers,
        key: request.headers.get('x-api-key') === KEY,
      });
      return answer(input, init);
    }) as NetFetch,
  };
  return { net, calls };
}

const clientThrough = (fetch: typeof globalThis.fetch, baseUrl = 'https://api.palenca.com/v1') => {
  const created = createPalencaClient({
    baseUrl,
    apiKey: KEY,
    fetch,
    tuning: { attempts: ATTEMPTS, backoffBaseMs: 1, backoffMaxMs: 2, timeoutMs: 2000 },
  });
  assert.ok(created.ok);
  return created.value;
};

const rejectWith =
  (message: string): NetFetch =>
  () =>
    Promise.reject(new Error(message));

describe('netFetch', () => {
  test('asks net.fetch never to follow a redirect and never to reach app:// handlers', async () => {
    const { net, calls } = standInNet(() => Promise.resolve(new Response('{}')));
    const send = netFetch(net);
    await send('https://api.palenca.com/v1/users/x/accounts', { redirect: 'follow' });
    await send(new URL('https://api.palenca.com/v1/a'));
    await send(new Request('https://api.palenca.com/v1/b', { redirect: 'manual' }));
    assert.deepEqual(
      calls.map(({ url, redirect, bypass }) => ({ url, redirect, bypass })),
      [
        { url: 'https://api.palenca.com/v1/users/x/accounts', redirect: 'error', bypass: true },
        { url: 'https://api.palenca.com/v1/a', redirect: 'error', bypass: true },
        { url: 'https://api.palenca.com/v1/b', redirect: 'error', bypass: true },
      ],
    );
  });

  test('looks net.fetch up per request (it may only run once the app is ready)', async () => {
    const net: { fetch: NetFetch } = {
      fetch: () => Promise.reject(new Error('called too early')),
    };
    const send = netFetch(net);
    net.fetch = () => Promise.resolve(new Response('ok'));
    assert.equal(await (await send('https://api.palenca.com/v1')).text(), 'ok');
  });

  test("the client's requests carry the key and go through it", async () => {
    const { net, calls } = standInNet(() =>
      Promise.resolve(
        new Response(
          JSON.stringify({
            success: true,
            error: null,
            data: { users: [] },
            pagination: { page: 1, items_per_page: 10, total_items: 0, total_pages: 0 },
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
      ),
    );
    const result = await clientThrough(netFetch(net)).searchUsers(QUERY);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.url, 'https://api.palenca.com/v1/users/search');
    assert.equal(calls[0]?.key, true);
  });
});

describe("Chromium's failures through the client", () => {
  const cases: Array<[name: string, code: string, calls: number, words: RegExp]> = [
    [
      'ERR_CERT_AUTHORITY_INVALID',
      'certificate_untrusted',
      1,
      /security software.*api\.palenca\.com/,
    ],
    ['ERR_CERT_COMMON_NAME_INVALID', 'certificate_untrusted', 1, /could not be verified/],
    ['ERR_CERT_DATE_INVALID', 'certificate_untrusted', 1, /could not be verified/],
    ['ERR_PROXY_CONNECTION_FAILED', 'proxy_failed', 1, /proxy refused the connection/],
    ['ERR_TUNNEL_CONNECTION_FAILED', 'proxy_failed', 1, /proxy refused the connection/],
    ['ERR_PROXY_AUTH_REQUESTED', 'proxy_failed', 1, /asks for a login/],
    ['ERR_MANDATORY_PROXY_CONFIGURATION_FAILED', 'proxy_failed', 1, /proxy/],
    ['ERR_NAME_NOT_RESOLVED', 'offline', ATTEMPTS, /could not be found/],
    ['ERR_INTERNET_DISCONNECTED', 'offline', ATTEMPTS, /Could not reach Palenca/],
    ['ERR_CONNECTION_REFUSED', 'offline', ATTEMPTS, /Could not reach Palenca/],
    ['ERR_CONNECTION_TIMED_OUT', 'timeout', ATTEMPTS, /too long/],
  ];
  for (const [name, code, expectedCalls, words] of cases) {
    test(`net::${name} → ${code}, ${expectedCalls === 1 ? 'not retried' : 'retried'}`, async () => {
      const { net, calls } = standInNet(rejectWith(`net::${name}`));
      const result = await clientThrough(netFetch(net)).searchUsers(QUERY);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.code, code);
      assert.match(result.error.message, words);
      assert.match(result.error.detail ?? '', new RegExp(`net::${name}`));
      assert.equal(calls.length, expectedCalls, `net.fetch was called ${calls.length} times`);
    });
  }

  test('a sandbox client names its own host', async () => {
    const { net } = standInNet(rejectWith('net::ERR_CERT_AUTHORITY_INVALID'));
    const result = await clientThrough(
      netFetch(net),
      'https://sandbox.palenca.com/v1',
    ).getUserAccounts('u1');
    assert.match(!result.ok ? result.error.message : '', /\(sandbox\.palenca\.com\)/);
  });

  test('a connection reset while the body arrives → the connection was interrupted', async () => {
    const { net, calls } = standInNet(() => {
      // What net.fetch's body does when Chromium fails mid-answer: the stream errors with
      // the same kind of Error (IncomingMessage.destroy(error), then Readable.toWeb).
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"success":true,'));
          controller.error(new Error('net::ERR_CONNECTION_RESET'));
        },
      });
      return Promise.resolve(
        new Response(body, { headers: { 'content-type': 'application/json' } }),
      );
    });
    const result = await clientThrough(netFetch(net)).searchUsers(QUERY);
    assert.equal(!result.ok && result.error.code, 'offline');
    assert.match(!result.ok ? result.error.message : '', /interrupted/);
    assert.equal(calls.length, ATTEMPTS);
  });
});

describe('the packaged app and its environment', () => {
  const env = {
    PALENCA_API_URL: 'http://127.0.0.1:9/v1',
    NODE_TLS_REJECT_UNAUTHORIZED: '0',
    HOME: '/home/x',
  };

  test('a packaged app reads no PALENCA_API_URL; a development build keeps it', () => {
    assert.deepEqual(backendEnv(env, true), { NODE_TLS_REJECT_UNAUTHORIZED: '0', HOME: '/home/x' });
    assert.equal(backendEnv(env, false), env);
  });

  test('the log notes what a packaged app ignores, and starts anyway', () => {
    const notes = networkNotes(env, true);
    assert.equal(notes.length, 2);
    assert.match(notes[0] ?? '', /NODE_TLS_REJECT_UNAUTHORIZED=0 .*no effect/);
    assert.match(notes[1] ?? '', /PALENCA_API_URL .*ignores it/);
    assert.deepEqual(networkNotes(env, false), []);
    assert.deepEqual(networkNotes({ NODE_TLS_REJECT_UNAUTHORIZED: '1' }, true), []);
  });
});
