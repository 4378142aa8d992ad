// Which proxy variables the CLI reads, and what a proxy setting that cannot work turns into.
// The requests themselves through a real proxy: cli-proxy.test.ts (tinyproxy).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { createPalencaClient } from '../../electron/backend/palenca/client.ts';
import { cliFetch, proxySettings } from '../../electron/cli/cli-fetch.ts';

describe('proxySettings', () => {
  test('no HTTPS_PROXY or HTTP_PROXY: no proxy, whatever NO_PROXY says', () => {
    assert.equal(proxySettings({}), null);
    assert.equal(proxySettings({ NO_PROXY: '*', HTTP_PROXY: '  ' }), null);
  });

  test('lowercase first, then uppercase, as curl and undici read them', () => {
    assert.deepEqual(
      proxySettings({
        http_proxy: 'http://lower:1',
        HTTP_PROXY: 'http://upper:1',
        HTTPS_PROXY: 'http://secure:2',
        NO_PROXY: 'localhost,.corp',
      }),
      { httpProxy: 'http://lower:1', httpsProxy: 'http://secure:2', noProxy: 'localhost,.corp' },
    );
    assert.deepEqual(proxySettings({ https_proxy: 'http://p:3', no_proxy: 'x', NO_PROXY: 'y' }), {
      httpProxy: '',
      httpsProxy: 'http://p:3',
      noProxy: 'x',
    });
  });
});

describe('cliFetch', () => {
  test("without a proxy it is Node's own fetch", async () => {
    const server = createServer((_req, res) => res.end('direct'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const send = cliFetch({ NO_PROXY: '*' });
      assert.equal(await (await send(`http://127.0.0.1:${port}/`)).text(), 'direct');
    } finally {
      server.close();
    }
  });

  test('a proxy address that is not one → proxy_failed, not retried, Palenca not asked', async () => {
    let asked = 0;
    const server = createServer((_req, res) => {
      asked++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const created = createPalencaClient({
        baseUrl: `http://127.0.0.1:${port}/v1`,
        apiKey: 'sk_test_cli_fetch_0123456789',
        fetch: cliFetch({ HTTP_PROXY: 'not a proxy address' }),
        tuning: { attempts: 3, backoffBaseMs: 1, backoffMaxMs: 2 },
      });
      assert.ok(created.ok);
      const retried: string[] = [];
      const result = await created.value.getUserAccounts('u1', {
        onRetry: (error) => retried.push(error.code),
      });
      assert.equal(!result.ok && result.error.code, 'proxy_failed', JSON.stringify(result));
      assert.match(!result.ok ? (result.error.detail ?? '') : '', /not a valid address/);
      assert.deepEqual(retried, []);
      assert.equal(asked, 0);
    } finally {
      server.close();
    }
  });
});
