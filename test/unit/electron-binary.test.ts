// The real-Electron suite's binary finder (test/electron/electron-binary.ts): it finds the
// binary where `npx install-electron --no` puts it, skips with a true reason where there is
// none, and fails instead of skipping where PALENCA_REQUIRE_ELECTRON is set (the Electron
// workflow). Fake electron package folders stand in for node_modules/electron.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { findElectronBinary } from '../electron/electron-binary.ts';

const projectDir = join(import.meta.dirname, '..', '..');
const realPackage = join(projectDir, 'node_modules', 'electron');
const realVersion: string = JSON.parse(
  readFileSync(join(realPackage, 'package.json'), 'utf8'),
).version;

const tmp = mkdtempSync(join(tmpdir(), 'palenca-users-electron-binary-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

let count = 0;
/** A fake node_modules/electron: package.json, and what install.js would have left. */
function fakePackage(layout: { pathTxt?: string; binary?: string; distVersion?: string }): string {
  count += 1;
  const dir = join(tmp, `electron-${count}`);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
  // install.js writes path.txt without a newline; index.js reads it as it is.
  if (layout.pathTxt !== undefined) writeFileSync(join(dir, 'path.txt'), layout.pathTxt);
  if (layout.binary !== undefined) {
    const binary = join(dir, 'dist', layout.binary);
    mkdirSync(join(binary, '..'), { recursive: true });
    writeFileSync(binary, 'stand-in');
    chmodSync(binary, 0o755);
  }
  if (layout.distVersion !== undefined) {
    writeFileSync(join(dir, 'dist', 'version'), layout.distVersion);
  }
  return dir;
}

const REQUIRED = { PALENCA_REQUIRE_ELECTRON: '1' };

describe('findElectronBinary', () => {
  test('finds the binary install-electron extracted, on each OS layout', () => {
    for (const [platform, pathTxt] of [
      ['linux', 'electron'],
      ['win32', 'electron.exe'],
      ['darwin', 'Electron.app/Contents/MacOS/Electron'],
    ] as const) {
      const dir = fakePackage({ pathTxt, binary: pathTxt, distVersion: '45.5.0' });
      for (const env of [{}, REQUIRED]) {
        assert.deepEqual(
          findElectronBinary({ packageDir: dir, env, platform }),
          { path: join(dir, 'dist', pathTxt) },
          `${platform}, ${JSON.stringify(env)}`,
        );
      }
    }
  });

  test('without the binary it skips, saying why and how to get it', () => {
    const dir = fakePackage({});
    const found = findElectronBinary({ packageDir: dir, env: {} });
    assert.ok('skip' in found, 'skipped');
    assert.match(found.skip, /Electron 45\.5\.0's binary is not installed/);
    assert.match(found.skip, /npx install-electron --no/);
    assert.match(found.skip, /ELECTRON_SKIP_BINARY_DOWNLOAD does nothing/);
    assert.doesNotMatch(found.skip, /installed with ELECTRON_SKIP_BINARY_DOWNLOAD/);
  });

  test('with PALENCA_REQUIRE_ELECTRON set, a missing binary fails instead of skipping', () => {
    const cases = [
      ['no path.txt', fakePackage({})],
      ['path.txt but no binary', fakePackage({ pathTxt: 'electron' })],
      [
        'an older binary',
        fakePackage({ pathTxt: 'electron', binary: 'electron', distVersion: 'v44.0.0' }),
      ],
    ] as const;
    for (const [what, dir] of cases) {
      const skipped = findElectronBinary({ packageDir: dir, env: {}, platform: 'linux' });
      assert.ok('skip' in skipped, `${what}: skipped without the variable`);
      for (const value of ['1', 'true']) {
        assert.throws(
          () =>
            findElectronBinary({
              packageDir: dir,
              env: { PALENCA_REQUIRE_ELECTRON: value },
              platform: 'linux',
            }),
          (error: Error) =>
            error.message.startsWith('PALENCA_REQUIRE_ELECTRON is set') &&
            error.message.includes(skipped.skip),
          `${what}: throws with PALENCA_REQUIRE_ELECTRON=${value}`,
        );
      }
      for (const value of ['', '0', 'false']) {
        assert.ok(
          'skip' in
            findElectronBinary({
              packageDir: dir,
              env: { PALENCA_REQUIRE_ELECTRON: value },
              platform: 'linux',
            }),
          `${what}: PALENCA_REQUIRE_ELECTRON=${JSON.stringify(value)} means not required`,
        );
      }
    }
  });

  test('a binary of another version than the package counts as missing', () => {
    const dir = fakePackage({ pathTxt: 'electron', binary: 'electron', distVersion: 'v44.0.0' });
    const found = findElectronBinary({ packageDir: dir, env: {}, platform: 'linux' });
    assert.ok('skip' in found);
    assert.match(found.skip, /is 44\.0\.0, the electron package is 45\.5\.0/);
    // install.js writes the version with its leading v; the same version is a match.
    const same = fakePackage({ pathTxt: 'electron', binary: 'electron', distVersion: 'v45.5.0' });
    assert.ok('path' in findElectronBinary({ packageDir: same, env: {}, platform: 'linux' }));
  });

  test('ELECTRON_OVERRIDE_DIST_PATH replaces the dist folder, as in electron/index.js', () => {
    const dir = fakePackage({ pathTxt: 'electron.exe' });
    const override = join(tmp, 'override-dist');
    mkdirSync(override, { recursive: true });
    writeFileSync(join(override, 'electron.exe'), 'stand-in');
    const env = { ...REQUIRED, ELECTRON_OVERRIDE_DIST_PATH: override };
    assert.deepEqual(findElectronBinary({ packageDir: dir, env, platform: 'win32' }), {
      path: join(override, 'electron.exe'),
    });
    // Without path.txt, the OS's own executable name inside the override.
    const bare = fakePackage({});
    assert.deepEqual(findElectronBinary({ packageDir: bare, env, platform: 'win32' }), {
      path: join(override, 'electron.exe'),
    });
    const empty = join(tmp, 'empty-dist');
    mkdirSync(empty, { recursive: true });
    const found = findElectronBinary({
      packageDir: bare,
      env: { ELECTRON_OVERRIDE_DIST_PATH: empty },
      platform: 'linux',
    });
    assert.ok('skip' in found && found.skip.includes(join(empty, 'electron')));
  });

  test('the installed electron package still has the layout the finder reads', () => {
    // If a new Electron moves its binary, this fails here rather than the suite skipping.
    const pkg = JSON.parse(readFileSync(join(realPackage, 'package.json'), 'utf8'));
    assert.equal(pkg.bin['install-electron'], 'install.js', 'npx install-electron runs install.js');
    assert.equal(pkg.scripts?.postinstall, undefined, 'no download at npm install');
    const install = readFileSync(join(realPackage, 'install.js'), 'utf8');
    assert.match(install, /path\.join\(__dirname, 'path\.txt'\)/, 'install.js writes path.txt');
    assert.match(install, /path\.join\(__dirname, 'dist'\)/, 'install.js extracts into dist');
    for (const executable of ['electron', 'electron.exe', 'Electron.app/Contents/MacOS/Electron']) {
      assert.ok(install.includes(`'${executable}'`), `install.js names ${executable}`);
    }
    const index = readFileSync(join(realPackage, 'index.js'), 'utf8');
    assert.match(index, /path\.join\(__dirname, 'dist', executablePath\)/);
    assert.match(index, /ELECTRON_OVERRIDE_DIST_PATH/);
    // And the finder gives an answer for this machine without downloading anything.
    const found = findElectronBinary({ env: {} });
    if ('skip' in found)
      assert.match(
        found.skip,
        new RegExp(`Electron ${realVersion.replaceAll('.', '\\.')}'s binary`),
      );
  });
});

describe('the Electron suite under the test runner', () => {
  // A file shaped like test/electron/*.test.ts, pointed at an empty dist folder so there is
  // no binary whatever this machine has installed.
  const file = join(tmp, 'suite-shape.test.ts');
  writeFileSync(
    file,
    [
      `import { test } from 'node:test';`,
      `import { findElectronBinary } from ${JSON.stringify(join(projectDir, 'test', 'electron', 'electron-binary.ts'))};`,
      'const electron = findElectronBinary();',
      `const skip = 'skip' in electron ? electron.skip : false;`,
      `test('drives the app', { skip }, () => {});`,
    ].join('\n'),
  );
  const emptyDist = join(tmp, 'no-electron-here');
  mkdirSync(emptyDist, { recursive: true });
  const run = (extra: NodeJS.ProcessEnv) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ELECTRON_OVERRIDE_DIST_PATH: emptyDist,
      ...extra,
    };
    delete env.NODE_TEST_CONTEXT; // run as a top-level test run, not as a child of this one
    if (!('PALENCA_REQUIRE_ELECTRON' in extra)) delete env.PALENCA_REQUIRE_ELECTRON;
    return spawnSync(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=spec', file],
      {
        cwd: projectDir,
        env,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
  };

  test('reports skipped (and passes) where the binary is not required', () => {
    const result = run({});
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /skipped 1/);
    assert.match(
      result.stdout,
      /# ELECTRON_OVERRIDE_DIST_PATH is set but there is no Electron binary/,
    );
  });

  test('fails, naming the missing binary, where PALENCA_REQUIRE_ELECTRON=1', () => {
    const result = run({ PALENCA_REQUIRE_ELECTRON: '1' });
    assert.notEqual(result.status, 0, 'the run fails');
    assert.match(
      result.stdout + result.stderr,
      /PALENCA_REQUIRE_ELECTRON is set: the real-Electron suite must run here/,
    );
    assert.doesNotMatch(result.stdout, /skipped 1/);
  });
});
