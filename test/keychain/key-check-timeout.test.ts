// Checking a key before saving it asks Palenca once, with a short limit: when the network
// hangs (a server that accepts the connection and never answers), "save without checking" is
// offered after that limit, not after four long tries. The app's context and the CLI's `key
// set`, each with the real keychain (a service of its own) and a real loopback socket.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { CHECK_SKIPPABLE_CODES } from '#common/error-codes.ts';
import { createContext } from '../../electron/backend/context.ts';
import { KEY_CHECK_TIMEOUT_MS } from '../../electron/backend/keychain/key-check.ts';
import { createKeytarStore } from '../../electron/backend/keychain/keytar-store.ts';
import { saveKey } from '../../electron/backend/keychain/save-key.ts';
import { createLogger } from '../../electron/backend/log.ts';
import { createKeyCommand, type KeyCliIO } from '../../electron/cli/commands/key.ts';
import { insideKeyring, uniqueService } from './support/keyring.ts';

const skip = insideKeyring() ? false : 'needs scripts/with-keyring.sh';
const KEY = 'sk_live_silent_check_Hv62Pd19';
// The check's limit here: long enough that the request surely reaches the server first on a
// loaded machine, far below one of the long tries a search gets (20 s, see below).
const CHECK_MS = 2000;
/** Far below one search try (20 s): a check that used the search's tries would take more. */
const ANSWER_WITHIN_MS = 15_000;

/** Polls `check` until it holds; fails naming `what` after a long limit. */
async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('checking a key when Palenca never answers', { skip }, () => {
  let server: Server;
  let baseUrl: string;
  let requests = 0;
  const sockets = new Set<Socket>();
  /** Sockets that carried a request and are still open. */
  const carrying = new Set<Socket>();
  /**
   * Every request the check made has reached the server and its connection is closed (the
   * check aborts it at its limit), so a second attempt, had there been one, is counted too.
   */
  const allRequestsIn = async () => {
    await until('the request reached the server', () => requests >= 1);
    await until("the aborted request's connection closed", () => carrying.size === 0);
  };
  const service = uniqueService();
  const keyStore = createKeytarStore({ service });

  before(async () => {
    server = createServer((socket) => {
      // Requests, not connections: after an aborted request undici may open a spare
      // connection that never carries one.
      socket.on('data', (data) => {
        const count = String(data).match(/^(POST|GET) /gm)?.length ?? 0;
        requests += count;
        if (count > 0) carrying.add(socket);
      });
      socket.on('close', () => carrying.delete(socket));
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    baseUrl = `http://127.0.0.1:${address.port}/v1`;
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    server.close();
    await keyStore.delete('sandbox');
  });

  test('the app: one attempt, the short limit, a skippable code, nothing saved', async () => {
    assert.equal(KEY_CHECK_TIMEOUT_MS, 8000);
    const dataDir = await mkdtemp(join(tmpdir(), 'palenca-key-check-'));
    const ctx = createContext({
      dataDir,
      keyStore,
      log: createLogger(null),
      platform: {
        chooseSavePath: async () => null,
        showInFolder: async () => {},
        openPath: async () => {},
        openExternal: async () => {},
      },
      appInfo: { version: '0.0.0-test', systemLocale: 'en-US', platform: process.platform },
      emit: () => {},
      env: { PALENCA_API_URL: baseUrl },
      // What searches get: several long tries. The check must not use them.
      clientTuning: { attempts: 4, timeoutMs: 20_000, backoffBaseMs: 5, backoffMaxMs: 10 },
    });
    requests = 0;
    const started = Date.now();
    const result = await saveKey(
      { ...ctx, keyCheckTimeoutMs: CHECK_MS },
      { environment: 'sandbox', key: KEY },
    );
    const elapsed = Date.now() - started;
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.code, 'timeout');
    assert.ok(CHECK_SKIPPABLE_CODES.includes(result.error.code));
    assert.ok(
      elapsed >= CHECK_MS - 20 && elapsed < ANSWER_WITHIN_MS,
      `answered after ${elapsed} ms`,
    );
    await allRequestsIn();
    assert.equal(requests, 1, 'one attempt');
    assert.deepEqual(await keyStore.get('sandbox'), { ok: true, value: null });
    assert.ok(!JSON.stringify(result).includes(KEY));
  });

  test('the CLI: `key set` offers --no-check after the short limit', async () => {
    requests = 0;
    let err = '';
    const io: KeyCliIO = {
      stdout: () => {},
      stderr: (text) => {
        err += text;
      },
      env: { PALENCA_API_URL: baseUrl },
      stdin: Readable.from([`${KEY}\n`]),
    };
    const started = Date.now();
    const code = await createKeyCommand().run(['set', '--env', 'sandbox'], io, {
      keyStore,
      keyCheckTimeoutMs: CHECK_MS,
    });
    const elapsed = Date.now() - started;
    assert.equal(code, 1);
    assert.match(err, /--no-check/);
    assert.ok(!err.includes(KEY));
    assert.ok(elapsed < ANSWER_WITHIN_MS, `answered after ${elapsed} ms`);
    await allRequestsIn();
    assert.equal(requests, 1, 'one attempt');
    assert.deepEqual(await keyStore.get('sandbox'), { ok: true, value: null });
  });
});
