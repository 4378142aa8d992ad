// Drives the real packaged-layout app (out/main/index.js) with Playwright's Electron support.
// Skipped, with its reason, where no Electron binary is installed.
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { shellStringsFor } from '../../electron/main/shell-strings.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { attempt, attemptEnded, listen, until } from '../support/webrtc-attempt.ts';
import { findElectronBinary } from './electron-binary.ts';

const electron = findElectronBinary();
const skip = 'skip' in electron ? electron.skip : false;

// Each test carries the skip, so the runner counts every one of them as skipped.
describe('the real Electron app', () => {
  let fake: FakePalenca;
  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  before(async () => {
    if (!('path' in electron)) return;
    fake = await startFakePalenca({ users: 400 });
    userData = await mkdtemp(join(tmpdir(), 'palenca-users-electron-'));
    app = await _electron.launch({
      executablePath: electron.path,
      args: ['.', `--user-data-dir=${userData}`],
      env: {
        ...process.env,
        PALENCA_API_URL: fake.baseUrl,
        // A keychain entry of its own, never the person's real one (read only unpackaged).
        PALENCA_KEYCHAIN_SERVICE: `palenca-users-electron-test-${process.pid}`,
      },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  after(async () => {
    // Leave no key behind in the keychain: main asks first, so answer its question "yes".
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
    await fake?.close();
  });

  test('starts with a sandboxed, isolated page that exposes only the contract', {
    skip,
  }, async () => {
    assert.equal(await page.title(), 'Palenca Users');
    const exposed = await page.evaluate(() => ({
      names: Object.keys(window.palenca).sort(),
      hasRequire: typeof (window as unknown as { require?: unknown }).require,
      hasProcess: typeof (window as unknown as { process?: unknown }).process,
    }));
    const { CALL_NAMES } = await import('#common/contract.ts');
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

  test("the page's WebRTC reaches neither a UDP nor a TCP listener", { skip }, async () => {
    // The same attempt as test/e2e/e2e-page-network.test.ts, in Electron's own page: the
    // WebRTC policy and the page session's proxy (security/page-network.ts).
    const listeners = await listen();
    try {
      const outcome = await attempt(page, listeners, 60_000);
      assert.ok(attemptEnded(outcome), `the attempt never ended: ${JSON.stringify(outcome)}`);
      const heard = await until(() => listeners.heard().udp + listeners.heard().tcp > 0, 3000);
      assert.equal(heard, false, `heard ${JSON.stringify(listeners.heard())}`);
      const policy = await app.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows()[0]?.webContents.getWebRTCIPHandlingPolicy(),
      );
      assert.equal(policy, 'disable_non_proxied_udp');
    } finally {
      listeners.close();
    }
  });

  test('a full search and export run through the real app', { skip }, async () => {
    const target = join(userData, 'exported users.csv');
    // The native save dialog cannot be clicked by a test: answer it at Electron's boundary.
    await app.evaluate(({ dialog }, filePath) => {
      dialog.showSaveDialog = (async () => ({
        canceled: false,
        filePath,
      })) as unknown as typeof dialog.showSaveDialog;
    }, target);
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
    const expected = fake.usersInWindow(from, to);
    assert.ok(expected.length > 0, 'the fake has users in the window');

    const run = await page.evaluate(
      async ({ key, from, to }) => {
        const api = window.palenca;
        const settings = await api.updateSettings({ csv: { delimiter: ',', bom: true } });
        const saved = await api.saveKey({ environment: 'sandbox', key });
        const statuses = await api.getKeyStatuses();
        const found = await api.searchUsers({
          environment: 'sandbox',
          from,
          to,
          page: 1,
          perPage: 50,
        });
        const exported = await api.exportUsers({ environment: 'sandbox', filter: { from, to } });
        return { settings, saved, statuses, found, exported };
      },
      { key: fake.apiKey, from, to },
    );

    assert.ok(run.settings.ok, JSON.stringify(run.settings));
    assert.ok(run.saved.ok, JSON.stringify(run.saved));
    assert.ok(run.statuses.ok && run.statuses.value.sandbox.hasKey, 'the key is stored');
    assert.doesNotMatch(JSON.stringify(run.statuses), new RegExp(fake.apiKey), 'key not returned');
    assert.ok(run.found.ok, JSON.stringify(run.found));
    assert.deepEqual(
      run.found.value.users.map((u) => u.user_id),
      expected.slice(0, 50).map((u) => u.user_id),
    );
    assert.ok(run.exported.ok, JSON.stringify(run.exported));
    assert.equal(run.exported.value.status, 'done');
    if (run.exported.value.status !== 'done') return;
    assert.equal(run.exported.value.path, target);
    assert.equal(run.exported.value.rows, expected.length);

    const records = parse(await readFile(target), {
      bom: true,
      delimiter: ',',
      record_delimiter: '\r\n',
    }) as string[][];
    assert.deepEqual(records[0], ['user_id', 'external_id', 'widget_id']);
    assert.deepEqual(
      records
        .slice(1)
        .map((r) => r[0])
        .sort(),
      expected.map((u) => u.user_id).sort(),
    );
  });

  test('removing the stored key asks in a native dialog from main; Cancel keeps it', {
    skip,
  }, async () => {
    await app.evaluate(({ dialog }) => {
      const asked: Array<{ message: string; buttons: string[] }> = [];
      (globalThis as { keyQuestions?: typeof asked }).keyQuestions = asked;
      dialog.showMessageBox = (async (...args: unknown[]) => {
        asked.push(args.at(-1) as { message: string; buttons: string[] });
        return { response: 1, checkboxChecked: false };
      }) as unknown as typeof dialog.showMessageBox;
    });
    // A key is stored by the search-and-export test above; this stores one if that failed
    // (and is itself a replacement, answered Cancel, if it did not).
    await page.evaluate(
      (key) => window.palenca.saveKey({ environment: 'sandbox', key, skipCheck: true }),
      fake.apiKey,
    );
    const questionsBefore = await app.evaluate(
      () => (globalThis as { keyQuestions?: unknown[] }).keyQuestions?.length ?? 0,
    );
    const removed = await page.evaluate(() => window.palenca.removeKey({ environment: 'sandbox' }));
    assert.equal(!removed.ok && removed.error.code, 'cancelled');
    const asked = await app.evaluate(
      () => (globalThis as { keyQuestions?: Array<{ message: string }> }).keyQuestions ?? [],
    );
    assert.deepEqual(
      asked.slice(questionsBefore).map((q) => q.message),
      ['Remove the Sandbox key from this computer?'],
      'asked once',
    );
    const statuses = await page.evaluate(() => window.palenca.getKeyStatuses());
    assert.ok(statuses.ok && statuses.value.sandbox.hasKey, 'the key is kept');
  });

  test('a crash in main is logged without the key and told to the person', { skip }, async () => {
    await app.evaluate(({ dialog }) => {
      const shown: string[] = [];
      (globalThis as { shownDialogs?: string[] }).shownDialogs = shown;
      dialog.showMessageBox = (async (...args: unknown[]) => {
        shown.push((args.at(-1) as { message: string }).message);
        return { response: 0, checkboxChecked: false };
      }) as unknown as typeof dialog.showMessageBox;
    });
    // An error that carries the key, thrown where nothing catches it.
    await app.evaluate((_electron, key) => {
      setTimeout(() => {
        throw new Error(`test crash while holding ${key}`);
      }, 0);
    }, fake.apiKey);
    const shown = await waitFor(() =>
      app.evaluate(() => (globalThis as { shownDialogs?: string[] }).shownDialogs ?? []),
    );
    assert.ok(shown.includes(shellStringsFor('en').crashMessage), shown.join(' | '));
    const logs = await app.evaluate(({ app: electronApp }) => electronApp.getPath('logs'));
    const log = await readFile(join(logs, 'palenca-users.log'), 'utf8');
    assert.match(log, /uncaught exception in main/);
    assert.match(log, /test crash while holding/);
    assert.ok(!log.includes(fake.apiKey), 'the key is redacted in the log');
    // Still alive: the window is there and answers.
    assert.equal(await page.title(), 'Palenca Users');
  });

  test('a renderer crash reloads the window and says so', { skip }, async () => {
    await app.evaluate(({ BrowserWindow }) => {
      BrowserWindow.getAllWindows()[0]?.webContents.forcefullyCrashRenderer();
    });
    const shown = await waitFor(async () => {
      const all = await app.evaluate(
        () => (globalThis as { shownDialogs?: string[] }).shownDialogs ?? [],
      );
      return all.includes(shellStringsFor('en').rendererGoneMessage) ? all : [];
    });
    assert.ok(shown.includes(shellStringsFor('en').rendererGoneMessage));
    const reloaded = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents;
      return { crashed: contents?.isCrashed(), url: contents?.getURL() };
    });
    assert.equal(reloaded.crashed, false);
    assert.equal(reloaded.url, 'app://palenca/index.html');
  });
});

/** Polls (every 50 ms, at most 10 s) until `read` gives a non-empty list. */
async function waitFor<T>(read: () => Promise<T[]>): Promise<T[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (value.length > 0 || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
