// Packages the app for Linux (target `dir`) with the real electron-builder.yml, pointing
// electronDist at a stand-in Electron folder (no download: Electron's binary is not
// installed here), then checks what went into the package: app.asar with @electron/asar,
// keytar's .node unpacked beside it, and the fuses flipped in the executable.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { build, Platform } from 'electron-builder';
import { createStandInElectron } from './stand-in-electron.ts';

const projectDir = join(import.meta.dirname, '..', '..');
const electronVersion: string = JSON.parse(
  await readFile(join(projectDir, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version;

describe('the Linux package (electron-builder, target dir)', () => {
  let tmp: string;
  let appDir: string;
  let asarPath: string;
  let entries: string[];

  before(async () => {
    assert.ok(
      existsSync(join(projectDir, 'out', 'main', 'index.js')),
      'out/ is missing: run `npm run build` first (npm test does)',
    );
    tmp = await mkdtemp(join(tmpdir(), 'palenca-users-package-'));
    const standIn = await createStandInElectron(join(tmp, 'electron-dist'));
    // No code signing lookups, no downloads: everything needed is given.
    process.env.CSC_IDENTITY_AUTO_DISCOVERY = 'false';
    process.env.ELECTRON_BUILDER_OFFLINE = 'true';
    await build({
      projectDir,
      targets: Platform.LINUX.createTarget('dir'),
      publish: 'never',
      // Merged over electron-builder.yml, which electron-builder loads from projectDir.
      config: {
        electronDist: standIn,
        electronVersion,
        directories: { output: join(tmp, 'release') },
      },
    });
    appDir = join(tmp, 'release', 'linux-unpacked');
    asarPath = join(appDir, 'resources', 'app.asar');
    // listPackage gives paths with a leading separator; make them relative with '/'.
    entries = listPackage(asarPath, { isPack: false }).map((p) =>
      p.split(sep).join('/').replace(/^\//, ''),
    );
  });

  after(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const has = (path: string) => entries.includes(path);

  test('app.asar holds the main, preload and renderer bundles and package.json', () => {
    for (const path of [
      'package.json',
      'out/main/index.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
    ]) {
      assert.ok(has(path), `${path} is in app.asar`);
    }
    const assets = entries.filter((p) => p.startsWith('out/renderer/assets/'));
    assert.ok(
      assets.some((p) => p.endsWith('.js')),
      'the renderer script is packed',
    );
    const html = extractFile(asarPath, 'out/renderer/index.html').toString('utf8');
    for (const [, src] of html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)) {
      assert.ok(has(`out/renderer/${src}`), `${src}, referenced by index.html, is packed`);
    }
    // The CLI bundle ships too, once its entry exists (another issue builds it).
    if (existsSync(join(projectDir, 'out', 'cli', 'palenca-users.js'))) {
      assert.ok(has('out/cli/palenca-users.js'), 'the CLI bundle is packed');
    }
    const pkg = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8'));
    assert.equal(pkg.main, 'out/main/index.js');
    assert.ok(has(pkg.main), 'the entry named in package.json is packed');
  });

  test('app.asar holds the production dependencies', () => {
    for (const dep of ['ky', 'zod', 'keytar']) {
      assert.ok(has(`node_modules/${dep}/package.json`), `${dep} is packed`);
    }
  });

  test('app.asar holds no tests, sources, source maps, secrets or dev dependencies', () => {
    const forbidden: [string, (p: string) => boolean][] = [
      ['tests', (p) => p.startsWith('test/') || /\.test\.[jt]s$/.test(p)],
      ['the fake server', (p) => p.includes('fake-palenca')],
      ['TypeScript sources', (p) => /\.tsx?$/.test(p) && !p.endsWith('.d.ts')],
      ['app sources', (p) => /^(electron|renderer|scripts|build)\//.test(p)],
      ['.env files', (p) => /(^|\/)\.env(\.|$)/.test(p)],
      ['source maps', (p) => p.startsWith('out/') && p.endsWith('.map')],
      [
        'dev dependencies',
        (p) =>
          /^node_modules\/(vite|electron|electron-builder|playwright-core|typescript|svelte|tsx|@biomejs|@doyensec|csv-parse|@electron)(\/|$)/.test(
            p,
          ),
      ],
      [
        "keytar's install-time helpers",
        (p) =>
          /^node_modules\/(prebuild-install|node-abi|tar-fs|simple-get|node-addon-api)(\/|$)/.test(
            p,
          ),
      ],
    ];
    for (const [what, matches] of forbidden) {
      const found = entries.filter(matches);
      assert.deepEqual(found, [], `no ${what} in app.asar`);
    }
  });

  test("keytar's native module sits unpacked beside app.asar", () => {
    const unpacked = join(
      appDir,
      'resources',
      'app.asar.unpacked',
      'node_modules',
      'keytar',
      'build',
      'Release',
      'keytar.node',
    );
    assert.ok(existsSync(unpacked), `${unpacked} exists`);
    assert.ok(!existsSync(join(appDir, 'resources', 'app')), 'no loose app folder');
  });

  test('the executable is renamed and its fuses are flipped', async () => {
    const executable = join(appDir, 'palenca-users');
    assert.ok(existsSync(executable), 'the Electron executable is named palenca-users');
    const wire = await getCurrentFuseWire(executable);
    const state = (fuse: FuseV1Options) => String.fromCharCode(wire[fuse] as number);
    assert.equal(state(FuseV1Options.RunAsNode), '0', 'RunAsNode off');
    assert.equal(
      state(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      '0',
      'NODE_OPTIONS off',
    );
    assert.equal(state(FuseV1Options.EnableNodeCliInspectArguments), '0', '--inspect off');
    assert.equal(state(FuseV1Options.EnableCookieEncryption), '1', 'cookie encryption on');
    assert.equal(
      state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      '1',
      'asar integrity validation on',
    );
    assert.equal(state(FuseV1Options.OnlyLoadAppFromAsar), '1', 'only load the app from asar');
    assert.equal(
      state(FuseV1Options.GrantFileProtocolExtraPrivileges),
      '0',
      'no extra file:// privileges',
    );
  });
});
