// Drives the real packaged-layout app (out/main/index.js) with Playwright's Electron support.
// Skipped, with its reason, where no Electron binary is installed.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { findElectronBinary } from './electron-binary.ts';

const electron = findElectronBinary();
const skip = 'skip' in electron ? electron.skip : false;

// Each test carries the skip, so the runner counts every one of them as skipped.
describe('the real Electron app', () => {
  let fake: FakePalenca;
  let app: ElectronApplication;
  let page: Page;

  before(async () => {
    if (!('path' in electron)) return;
    fake = await startFakePalenca({ users: 400 });
    const userData = await mkdtemp(join(tmpdir(), 'palenca-users-electron-'));
    app = await _electron.launch({
      executablePath: electron.path,
      args: ['.', `--user-data-dir=${userData}`],
      env: { ...process.env, PALENCA_API_URL: fake.baseUrl },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  after(async () => {
    await app?.close();
    await fake?.close();
  });

  test('starts with a sandboxed, isolated page that exposes only the contract', { skip }, async () => {
    assert.equal(await page.title(), 'Palenca Users');
    const exposed = await page.evaluate(() => ({
      names: Object.keys(window.palenca).sort(),
      hasRequire: typeof (window as unknown as { require?: unknown }).require,
      hasProcess: typeof (window as unknown as { process?: unknown }).process,
    }));
    const { CALL_NAMES } = await import('../../electron/shared/contract.ts');
    assert.deepEqual(exposed.names, [...CALL_NAMES, 'on'].sort());
    assert.equal(exposed.hasRequire, 'undefined');
    assert.equal(exposed.hasProcess, 'undefined');
  });

  test('the CSP blocks a remote script', { skip }, async () => {
    const loaded = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const script = document.createElement('script');
          script.src = 'https://example.com/evil.js';
          script.onload = () => resolve('loaded');
          script.onerror = () => resolve('blocked');
          document.head.append(script);
        }),
    );
    assert.equal(loaded, 'blocked');
  });

  test('navigation away from the app is blocked', { skip }, async () => {
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    assert.equal(page.url(), before);
  });

  test('new windows are refused', { skip }, async () => {
    const opened = await page.evaluate(() => window.open('https://example.com/') !== null);
    assert.equal(opened, false);
    assert.equal(app.windows().length, 1);
  });
});
