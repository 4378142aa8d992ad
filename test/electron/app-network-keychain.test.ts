// The real Electron app on a company network and with a keychain that says no: Palenca's
// requests follow the proxy Chromium is given (net.fetch), and a keychain that refuses access
// is a plain message, not a crash. Skipped, with its reason, where no Electron binary is
// installed; the Electron workflow makes a missing binary a failure.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { findElectronBinary } from './electron-binary.ts';

const electron = findElectronBinary();
const skip = 'skip' in electron ? electron.skip : false;

/** A minimal forward HTTP proxy on loopback that counts what it carries. */
async function startCountingProxy(): Promise<{ server: Server; url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    // A forward proxy gets the absolute URL; anything else is not a proxy request.
    if (!req.url?.startsWith('http://')) {
      res.writeHead(400).end();
      return;
    }
    const target = new URL(req.url);
    const upstream = httpRequest(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, seen };
}

async function launch(env: Record<string, string>, args: string[] = []) {
  if (!('path' in electron)) throw new Error('unreachable: skipped');
  const userData = await mkdtemp(join(tmpdir(), 'palenca-users-electron-net-'));
  const app = await _electron.launch({
    executablePath: electron.path,
    args: ['.', `--user-data-dir=${userData}`, ...args],
    env: {
      ...process.env,
      PALENCA_KEYCHAIN_SERVICE: `palenca-users-electron-net-${process.pid}`,
      ...env,
    },
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page };
}

describe('the real Electron app behind a proxy', () => {
  let fake: FakePalenca;
  let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
  let app: ElectronApplication;
  let page: Page;

  before(async () => {
    if (skip) return;
    fake = await startFakePalenca({ users: 200 });
    proxy = await startCountingProxy();
    // Chromium never proxies loopback unless told to: `<-loopback>` removes that exception.
    ({ app, page } = await launch({ PALENCA_API_URL: fake.baseUrl }, [
      `--proxy-server=${proxy.url}`,
      '--proxy-bypass-list=<-loopback>',
    ]));
  });

  after(async () => {
    // Main asks before a key is removed: answer its native question "yes".
    await app
      ?.evaluate(({ dialog }) => {
        dialog.showMessageBox = (async () => ({
          response: 0,
          checkboxChecked: false,
        })) as unknown as typeof dialog.showMessageBox;
      })
      .catch(() => {});
    await page
      ?.evaluate(() => window.palenca.removeKey({ environment: 'sandbox' }))
      .catch(() => {});
    await app?.close();
    proxy?.server.close();
    await fake?.close();
  });

  test("Palenca's requests go through the proxy Chromium is given", { skip }, async () => {
    const run = await page.evaluate(async (key) => {
      const saved = await window.palenca.saveKey({ environment: 'sandbox', key });
      const found = await window.palenca.searchUsers({
        environment: 'sandbox',
        from: '2000-01-01',
        to: '2030-12-31',
        page: 1,
        perPage: 10,
      });
      return { saved, found };
    }, fake.apiKey);
    assert.ok(run.saved.ok, JSON.stringify(run.saved));
    assert.ok(run.found.ok, JSON.stringify(run.found));
    assert.equal(run.found.value.users.length, 10);
    const viaProxy = proxy.seen.filter((line) => line.includes(new URL(fake.baseUrl).host));
    assert.ok(viaProxy.length >= 2, `the proxy carried: ${proxy.seen.join(' | ')}`);
  });
});

// Breaking the keychain through D-Bus works only where the keychain is on D-Bus.
const keychainSkip = skip || (process.platform === 'linux' ? false : 'Linux only (D-Bus)');

describe('the real Electron app with a keychain that refuses access', () => {
  let fake: FakePalenca;
  let app: ElectronApplication;
  let page: Page;

  before(async () => {
    if (keychainSkip) return;
    fake = await startFakePalenca({ users: 50 });
    ({ app, page } = await launch({
      PALENCA_API_URL: fake.baseUrl,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/palenca-users-test-bus',
    }));
  });

  after(async () => {
    await app?.close();
    await fake?.close();
  });

  test('the app starts and says, in plain words, that the password store refused', {
    skip: keychainSkip,
  }, async () => {
    assert.equal(await page.title(), 'Palenca Users');
    // The first screen cannot read the keys: it says why and offers to try again.
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /password store/);
    await page.getByRole('button', { name: 'Retry' }).click();
    await alert.waitFor();
    const saved = await page.evaluate(
      (key) => window.palenca.saveKey({ environment: 'sandbox', key }),
      fake.apiKey,
    );
    assert.equal(saved.ok, false);
    if (saved.ok) return;
    assert.ok(
      ['keychain_unavailable', 'keychain_timeout'].includes(saved.error.code),
      saved.error.code,
    );
    assert.doesNotMatch(JSON.stringify(saved), new RegExp(fake.apiKey), 'the key is not echoed');
    assert.equal(app.windows().length, 1);
  });
});
