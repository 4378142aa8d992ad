// Whether a build can update itself, and why not: every case of update-policy.ts, and the
// facts read from the same files electron-updater reads.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  decideUpdates,
  downloadPageOf,
  readDownloadPage,
  readUpdateFacts,
  type UpdateFacts,
  updatePolicyFor,
} from '../../electron/main/updates/update-policy.ts';

/** A packaged Windows build with a feed: updates on. Each case changes what it is about. */
const packaged: UpdateFacts = {
  platform: 'win32',
  isPackaged: true,
  buildSetting: null,
  packageType: null,
  hasFeedConfig: true,
  appImagePath: null,
  devConfigPath: null,
};

describe('which builds update themselves', () => {
  test('installed Windows and signed macOS builds with a feed', () => {
    assert.deepEqual(decideUpdates(packaged), { on: true, devConfigPath: null });
    assert.deepEqual(decideUpdates({ ...packaged, platform: 'darwin' }), {
      on: true,
      devConfigPath: null,
    });
  });

  test('the Linux AppImage (the runtime sets APPIMAGE), not the .deb or other system packages', () => {
    const linux = { ...packaged, platform: 'linux' as const, appImagePath: '/home/ana/P.AppImage' };
    assert.deepEqual(decideUpdates(linux), { on: true, devConfigPath: null });
    for (const packageType of ['deb', 'rpm', 'pacman']) {
      assert.deepEqual(decideUpdates({ ...linux, packageType }), {
        on: false,
        reason: 'system_package',
      });
    }
    // The release workflow also builds the .deb with palencaUpdates=off: it still says .deb.
    assert.deepEqual(decideUpdates({ ...linux, packageType: 'deb', buildSetting: 'off' }), {
      on: false,
      reason: 'system_package',
    });
    // A .deb started with APPIMAGE in its environment is still a .deb.
    assert.deepEqual(decideUpdates({ ...linux, packageType: 'deb' }).on, false);
    assert.deepEqual(decideUpdates({ ...linux, appImagePath: null }), {
      on: false,
      reason: 'not_appimage',
    });
  });

  test('the release workflow turns them off for unsigned macOS builds', () => {
    assert.deepEqual(decideUpdates({ ...packaged, platform: 'darwin', buildSetting: 'off' }), {
      on: false,
      reason: 'disabled_in_build',
    });
  });

  test('a packaged build without a feed (no publish config) is off, not failing every day', () => {
    assert.deepEqual(decideUpdates({ ...packaged, hasFeedConfig: false }), {
      on: false,
      reason: 'no_feed',
    });
  });

  test('development runs are off unless the Electron suite gives a development config', () => {
    const dev = { ...packaged, isPackaged: false, hasFeedConfig: false };
    assert.deepEqual(decideUpdates(dev), { on: false, reason: 'development' });
    assert.deepEqual(decideUpdates({ ...dev, devConfigPath: '/tmp/feed/dev-app-update.yml' }), {
      on: true,
      devConfigPath: '/tmp/feed/dev-app-update.yml',
    });
    // On Linux the suite sets APPIMAGE as well: the AppImage updater needs the file it replaces.
    assert.deepEqual(decideUpdates({ ...dev, platform: 'linux', devConfigPath: '/tmp/f.yml' }), {
      on: false,
      reason: 'not_appimage',
    });
  });

  test('a packaged app never takes its feed from PALENCA_UPDATE_CONFIG', () => {
    assert.deepEqual(decideUpdates({ ...packaged, devConfigPath: '/tmp/evil.yml' }), {
      on: true,
      devConfigPath: null,
    });
    assert.deepEqual(
      decideUpdates({ ...packaged, hasFeedConfig: false, devConfigPath: '/tmp/evil.yml' }),
      { on: false, reason: 'no_feed' },
    );
  });

  test('other platforms are off', () => {
    assert.deepEqual(decideUpdates({ ...packaged, platform: 'freebsd' }), {
      on: false,
      reason: 'unsupported_platform',
    });
  });
});

describe('the facts, read where electron-updater reads them', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'palenca-update-facts-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  async function layout(name: string, files: Record<string, string>) {
    const appPath = join(root, name, 'resources', 'app');
    const resourcesPath = join(root, name, 'resources');
    await mkdir(appPath, { recursive: true });
    for (const [file, text] of Object.entries(files)) await writeFile(join(root, name, file), text);
    return { appPath, resourcesPath };
  }

  test('a .deb: resources/package-type says so, and app-update.yml is there', async () => {
    const paths = await layout('deb', {
      'resources/app/package.json': JSON.stringify({ name: 'palenca-users', version: '1.0.0' }),
      'resources/package-type': 'deb\n',
      'resources/app-update.yml':
        'provider: github\nowner: palenca\nrepo: palenca-users-releases\n',
    });
    const facts = readUpdateFacts({ platform: 'linux', isPackaged: true, ...paths, env: {} });
    assert.equal(facts.packageType, 'deb');
    assert.equal(facts.hasFeedConfig, true);
    assert.equal(facts.buildSetting, null);
    assert.deepEqual(decideUpdates(facts), { on: false, reason: 'system_package' });
  });

  test('an unsigned Mac build: palencaUpdates "off" in its package.json', async () => {
    const paths = await layout('mac', {
      'resources/app/package.json': JSON.stringify({ version: '1.0.0', palencaUpdates: 'off' }),
      'resources/app-update.yml': 'provider: github\n',
    });
    const facts = readUpdateFacts({ platform: 'darwin', isPackaged: true, ...paths, env: {} });
    assert.equal(facts.buildSetting, 'off');
    assert.equal(facts.packageType, null, 'package-type is only read on Linux');
    assert.deepEqual(decideUpdates(facts), { on: false, reason: 'disabled_in_build' });
  });

  test('an AppImage: no package-type, APPIMAGE set; missing files are simply absent', async () => {
    const paths = await layout('appimage', { 'resources/app-update.yml': 'provider: github\n' });
    const facts = readUpdateFacts({
      platform: 'linux',
      isPackaged: true,
      ...paths,
      env: { APPIMAGE: '/home/ana/Palenca.AppImage', PALENCA_UPDATE_CONFIG: '/tmp/x.yml' },
    });
    assert.equal(facts.packageType, null);
    assert.equal(facts.buildSetting, null);
    assert.equal(facts.appImagePath, '/home/ana/Palenca.AppImage');
    assert.deepEqual(decideUpdates(facts), { on: true, devConfigPath: null });
  });
});

describe('the download page a build names', () => {
  test('the GitHub releases page from the config electron-builder writes', () => {
    const config =
      'owner: palenca\nrepo: palenca-users-releases\nprovider: github\nupdaterCacheDirName: palenca-users-updater\n';
    assert.equal(
      downloadPageOf(config),
      'https://github.com/palenca/palenca-users-releases/releases/latest',
    );
    assert.equal(
      downloadPageOf('provider: \'github\'\r\nowner: "palenca"\r\nrepo: releases # comment\r\n'),
      'https://github.com/palenca/releases/releases/latest',
    );
  });

  test('none for a generic feed, a missing file, or odd names', () => {
    assert.equal(downloadPageOf('provider: generic\nurl: https://example.com/feed\n'), null);
    assert.equal(downloadPageOf(null), null);
    assert.equal(downloadPageOf('provider: github\nowner: a/b\nrepo: c\n'), null);
    assert.equal(readDownloadPage(join(tmpdir(), 'no-such-dir', 'app-update.yml')), null);
  });
});

describe('the policy for this run', () => {
  test('a development run without a development config reads nothing', () => {
    const policy = updatePolicyFor({
      platform: 'linux',
      isPackaged: false,
      appPath: () => assert.fail('getAppPath must not be called'),
      resourcesPath: undefined,
      env: {},
    });
    assert.deepEqual(policy, { on: false, reason: 'development' });
  });

  test('the Electron suite: unpackaged, a development config, and APPIMAGE on Linux', () => {
    const policy = updatePolicyFor({
      platform: 'linux',
      isPackaged: false,
      appPath: () => tmpdir(),
      resourcesPath: join(tmpdir(), 'no-such-resources'),
      env: { PALENCA_UPDATE_CONFIG: '/tmp/feed.yml', APPIMAGE: '/tmp/old.AppImage' },
    });
    assert.deepEqual(policy, { on: true, devConfigPath: '/tmp/feed.yml' });
  });
});

test('the decision, the controller and the dialogs are plain modules: no electron import', async () => {
  const { readFile } = await import('node:fs/promises');
  for (const file of ['update-policy.ts', 'update-controller.ts', 'update-dialogs.ts']) {
    const text = await readFile(
      new URL(`../../electron/main/updates/${file}`, import.meta.url),
      'utf8',
    );
    const runtimeImports = [...text.matchAll(/^import (?!type )[^;]*?from '([^']+)'/gms)].map(
      (m) => m[1],
    );
    assert.ok(!runtimeImports.includes('electron'), `${file} imports electron`);
    assert.doesNotMatch(text, /import\('electron-updater'\)/, `${file} loads electron-updater`);
  }
});
