// The key goes only to Palenca: a redirect is never followed. Two real servers on loopback:
// the first answers every request with a redirect to the second, and the second must never
// be reached (no connection at all, so never the `x-api-key` header), through the client
// with Node's fetch, through Electron's net.fetch as Electron behaves on a redirect, and
// through the CLI (in process, and a spawned CLI whose https address redirects to http).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { KeyStore } from '../../electron/backend/keychain/key-store.ts';
import { createPalencaClient, type SearchQuery } from '../../electron/backend/palenca/client.ts';
import type { CliIO } from '../../electron/cli/cli-io.ts';
import { createListCommand } from '../../electron/cli/commands/list.ts';
import { netFetch } from '../../electron/main/net-fetch.ts';
import { makeSelfSignedCert } from '../support/self-signed-cert.ts';

const KEY = 'sk_test_redirect_0123456789abcdef';
const QUERY: SearchQuery = { from: '2024-01-01', to: '2024-06-30', page: 1, perPage: 10 };

interface Seen {
  method: string;
  url: string;
  apiKey: boolean;
}

interface Recorder {
  server: Server;
  port: number;
  /** TCP connections accepted: the strongest "nothing was sent here". */
  connections: number;
  requests: Seen[];
}

function record(server: Server, answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const recorder: Recorder = { server, port: 0, connections: 0, requests: [] };
  server.on('connection', () => recorder.connections++);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    recorder.requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      apiKey: req.headers['x-api-key'] !== undefined,
    });
    req.resume();
    req.on('end', () => answer(req, res));
  });
  return recorder;
}

async function listen(recorder: Recorder, host = '127.0.0.1'): Promise<Recorder> {
  await new Promise<void>((resolve) => recorder.server.listen(0, host, resolve));
  recorder.port = (recorder.server.address() as AddressInfo).port;
  return recorder;
}

async function close(recorder: Recorder | undefined) {
  if (!recorder) return;
  recorder.server.closeAllConnections?.();
  await new Promise<void>((resolve) => recorder.server.close(() => resolve()));
}

/** The second server: it would answer like Palenca, but must never be asked. */
let second: Recorder;
/** The first server: answers every request with `redirect.status` to `redirect.location`. */
let first: Recorder;
let redirect: { status: number; location: string };

before(async () => {
  second = await listen(
    record(createServer(), (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"success":true,"data":{"users":[]}}');
    }),
  );
  first = await listen(
    record(createServer(), (_req, res) => {
      res.writeHead(redirect.status, { location: redirect.location, 'content-length': 0 });
      res.end();
    }),
  );
});
after(async () => {
  await close(first);
  await close(second);
});
beforeEach(() => {
  first.requests.length = 0;
  first.connections = 0;
  second.requests.length = 0;
  second.connections = 0;
});

const secondUrl = () => `http://127.0.0.1:${second.port}/v1/users/search`;

function assertSecondUntouched() {
  assert.equal(
    second.connections,
    0,
    `the second server was reached: ${JSON.stringify(second.requests)}`,
  );
  assert.deepEqual(second.requests, []);
}

const clientFor = (baseUrl: string, fetch?: typeof globalThis.fetch) => {
  const created = createPalencaClient({
    baseUrl,
    apiKey: KEY,
    tuning: { attempts: 3, backoffBaseMs: 1, backoffMaxMs: 5, timeoutMs: 5000 },
    ...(fetch ? { fetch } : {}),
  });
  assert.ok(created.ok);
  return created.value;
};

describe("the client with Node's fetch", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    test(`a ${status} to another server ends in "redirected", naming it; nothing goes there`, async () => {
      redirect = { status, location: secondUrl() };
      const client = clientFor(`http://127.0.0.1:${first.port}/v1`);
      const result = await client.searchUsers(QUERY);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.code, 'redirected');
      assert.ok(
        result.error.message.includes(`(${secondUrl()})`),
        `the message names the address: ${result.error.message}`,
      );
      assert.ok(result.error.message.includes('nothing was sent there'));
      assert.ok(!JSON.stringify(result).includes(KEY));
      // Asked once, not retried, and the key went only to the address it was given.
      assert.deepEqual(first.requests, [{ method: 'POST', url: '/v1/users/search', apiKey: true }]);
      assertSecondUntouched();
    });
  }

  test('a redirect to another host name (localhost → 127.0.0.1) is refused too', async () => {
    redirect = { status: 302, location: secondUrl() };
    const client = clientFor(`http://localhost:${first.port}/v1`);
    const result = await client.getUserAccounts('user-1');
    assert.equal(!result.ok && result.error.code, 'redirected');
    assert.equal(first.requests.length, 1);
    assertSecondUntouched();
  });

  test('a relative Location is named as the full address, and not asked either', async () => {
    redirect = { status: 307, location: '/v2/users/search' };
    const client = clientFor(`http://127.0.0.1:${first.port}/v1`);
    const result = await client.searchUsers(QUERY);
    assert.equal(!result.ok && result.error.code, 'redirected');
    assert.ok(
      !result.ok &&
        result.error.message.includes(`(http://127.0.0.1:${first.port}/v2/users/search)`),
      !result.ok ? result.error.message : '',
    );
    assert.deepEqual(
      first.requests.map((r) => r.url),
      ['/v1/users/search'],
    );
    assertSecondUntouched();
  });
});

/**
 * Electron's `net.fetch` as its source behaves on a redirect (lib/common/api/net-client-request.ts):
 * 'error' rejects with "Attempted to redirect, but redirect policy was 'error'", 'manual'
 * cancels with "Redirect was cancelled" (net.fetch has no 'redirect' listener to follow it),
 * 'follow' follows. Either refusal happens before anything is sent to the new address.
 */
function electronLikeNet() {
  const calls: Array<{ redirect: RequestRedirect; bypassCustomProtocolHandlers: unknown }> = [];
  const net = {
    async fetch(
      input: string | Request,
      init?: RequestInit & { bypassCustomProtocolHandlers?: boolean },
    ): Promise<Response> {
      const request = new Request(input, init);
      calls.push({
        redirect: request.redirect,
        bypassCustomProtocolHandlers: init?.bypassCustomProtocolHandlers,
      });
      const response = await fetch(request, { redirect: 'manual' });
      if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
        await response.body?.cancel();
        if (request.redirect === 'error') {
          throw new Error("Attempted to redirect, but redirect policy was 'error'");
        }
        if (request.redirect === 'manual') throw new Error('Redirect was cancelled');
        return fetch(new URL(response.headers.get('location') ?? '', request.url), {
          method: request.method === 'POST' && response.status === 303 ? 'GET' : request.method,
          headers: request.headers,
        });
      }
      return response;
    },
  };
  return { net, calls };
}

describe("the client with Electron's net.fetch", () => {
  test('a redirect ends in "redirected"; nothing goes to the second server', async () => {
    redirect = { status: 302, location: secondUrl() };
    const { net, calls } = electronLikeNet();
    const client = clientFor(`http://127.0.0.1:${first.port}/v1`, netFetch(net));
    const result = await client.searchUsers(QUERY);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.code, 'redirected');
    assert.match(result.error.message, /redirect to another address; nothing was sent there/);
    assert.match(result.error.detail ?? '', /not reported/);
    assert.deepEqual(calls, [{ redirect: 'error', bypassCustomProtocolHandlers: true }]);
    assert.equal(first.requests.length, 1);
    assertSecondUntouched();
  });
});

describe('the CLI', () => {
  const refusingKeyStore: KeyStore = {
    get: () => Promise.reject(new Error('the keychain must not be used')),
    set: () => Promise.reject(new Error('the keychain must not be used')),
    delete: () => Promise.reject(new Error('the keychain must not be used')),
    has: () => Promise.reject(new Error('the keychain must not be used')),
  };

  test('`list` against a redirecting address exits 1 naming where it pointed', async () => {
    redirect = { status: 302, location: secondUrl() };
    let stderr = '';
    let stdout = '';
    const io: CliIO = {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      env: { PALENCA_API_URL: `http://127.0.0.1:${first.port}/v1`, PALENCA_API_KEY: KEY },
    };
    const list = createListCommand({ keyStore: refusingKeyStore });
    const code = await list.run(['--from', '2024-01-01', '--to', '2024-06-30'], io);
    assert.equal(code, 1, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, /^palenca-users-cli: Palenca's address answered with a redirect/);
    assert.ok(stderr.includes(`(${secondUrl()})`), stderr);
    assert.ok(!stderr.includes(KEY));
    assert.equal(first.requests.length, 1);
    assertSecondUntouched();
  });

  describe('an https address redirecting to http', () => {
    let dir: string;
    let secure: Recorder;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'palenca-redirect-'));
      const made = makeSelfSignedCert(dir);
      secure = await listen(
        record(createHttpsServer({ key: made.key, cert: made.cert }), (_req, res) => {
          res.writeHead(302, { location: secondUrl(), 'content-length': 0 });
          res.end();
        }),
      );
    });
    after(async () => {
      await close(secure);
      rmSync(dir, { recursive: true, force: true });
    });

    test('the spawned CLI refuses it and the http server hears nothing', async () => {
      const env: Record<string, string> = {};
      for (const [name, value] of Object.entries(process.env)) {
        if (value !== undefined && !/^(https?|no)_proxy$/i.test(name)) env[name] = value;
      }
      Object.assign(env, {
        PALENCA_API_URL: `https://localhost:${secure.port}/v1`,
        PALENCA_API_KEY: KEY,
        NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
      });
      const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [
            '--import',
            'tsx',
            'electron/cli/palenca-users.ts',
            'list',
            '--from',
            '2024-01-01',
            '--to',
            '2024-06-30',
          ],
          { env, timeout: 120_000 },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /redirect to another address/);
      assert.ok(run.stderr.includes(`(${secondUrl()})`), run.stderr);
      assert.ok(!run.stderr.includes(KEY));
      assert.deepEqual(secure.requests, [
        { method: 'POST', url: '/v1/users/search', apiKey: true },
      ]);
      assertSecondUntouched();
    });
  });
});
