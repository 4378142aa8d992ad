// Packages the app for Linux with the real electron-builder.yml, pointing electronDist at a
// stand-in Electron folder (no download: Electron's binary is not installed here), then checks
// what went into the package: app.asar with @electron/asar, keytar's .node unpacked beside it,
// the fuses flipped in the executable, every runtime dependency's whole tree resolvable inside
// app.asar, and the installer settings as electron-builder resolved them.
//
// The targets are AppImage and deb, stopped by electron-builder's `effectiveOptionComputed`
// hook just before each would run its packaging tool (appimagetool, fpm: downloads): the
// unpacked app (linux-unpacked, what `--dir` makes) is complete by then, and the hook receives
// the .desktop entries each would install. The settings electron-builder resolved (the YAML
// merged with the overrides below) are read from the packager in an afterPack hook: the
// builder-effective-config.yaml file is only written on an interactive terminal outside CI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, posix, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { extractAll, extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { type AfterPackContext, build, type Configuration, log, Platform } from 'electron-builder';
import { dependencyTree, type TreeSource } from './dependency-tree.ts';
import { createStandInElectron } from './stand-in-electron.ts';

// semver comes with electron-builder and electron-updater; only its range check is used.
const semver = createRequire(import.meta.url)('semver') as {
  validRange(range: string): string | null;
  satisfies(version: string, range: string, options?: { includePrerelease?: boolean }): boolean;
};

/**
 * keytar's `dependencies` that only its install needs: its install script is
 * `prebuild-install || npm run build` (prebuild-install fetches the prebuilt .node; node-gyp
 * builds it against node-addon-api's headers), and at run time it loads only that .node.
 * electron-builder.yml strips them (and the rest of prebuild-install's tree); every other
 * dependency edge of every packed package must resolve.
 */
const INSTALL_TIME_ONLY: Record<string, string[]> = {
  keytar: ['prebuild-install', 'node-addon-api'],
};

const RUNTIME_CONDITIONS = new Set(['node', 'import', 'require', 'module-sync', 'default']);

type DesktopEntry = Record<string, string>;
function parseDesktopEntry(text: string): DesktopEntry {
  const entry: DesktopEntry = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0 && !line.startsWith('[')) entry[line.slice(0, at)] = line.slice(at + 1);
  }
  return entry;
}

/** What Electron 43+ uses as the Wayland app id and X11 WM_CLASS (lib/browser/init.ts). */
function electronAppId(pkg: { desktopName?: string; productName?: string; name: string }) {
  const slug = (pkg.productName ?? pkg.name)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (pkg.desktopName || `${slug}.desktop`).replace(/\.desktop$/, '');
}

const projectDir = join(import.meta.dirname, '..', '..');
const electronVersion: string = JSON.parse(
  await readFile(join(projectDir, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version;

describe('the Linux package (electron-builder, target dir)', () => {
  let tmp: string;
  let appDir: string;
  let asarPath: string;
  let entries: string[];
  let entrySet: Set<string>;
  let resolved: Configuration;
  let appImageDesktop: { desktop: string; desktopFileName: string } | undefined;
  let deb: { args: string[]; desktop: string; afterInstall: string } | undefined;

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
    // electron-builder logs to stdout, which this test process shares with the test runner's
    // own messages to its parent: a log line written into one of them once failed the run
    // ("Unable to deserialize cloned data"). Its log goes to stderr instead.
    Object.assign(log, { stream: process.stderr });
    await build({
      projectDir,
      targets: Platform.LINUX.createTarget(['AppImage', 'deb']),
      publish: 'never',
      // Merged over electron-builder.yml, which electron-builder loads from projectDir.
      config: {
        electronDist: standIn,
        electronVersion,
        directories: { output: join(tmp, 'release') },
        afterPack: async (context: AfterPackContext) => {
          resolved = context.packager.config;
        },
      },
      // Each target's last step before its packaging tool: keep what it would install, stop.
      effectiveOptionComputed: async (computed: unknown) => {
        if (Array.isArray(computed)) {
          // deb: [fpm arguments, the .desktop file]; read the temporary files while they exist.
          const [args, desktopFile] = computed as [string[], string];
          const afterInstall = args[args.indexOf('--after-install') + 1] as string;
          deb = {
            args,
            desktop: readFileSync(desktopFile, 'utf8'),
            afterInstall: readFileSync(afterInstall, 'utf8'),
          };
        } else {
          appImageDesktop = computed as { desktop: string; desktopFileName: string };
        }
        return true;
      },
    });
    appDir = join(tmp, 'release', 'linux-unpacked');
    asarPath = join(appDir, 'resources', 'app.asar');
    // listPackage gives paths with a leading separator; make them relative with '/'.
    entries = listPackage(asarPath, { isPack: false }).map((p) =>
      p.split(sep).join('/').replace(/^\//, ''),
    );
    entrySet = new Set(entries);
  });

  after(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const has = (path: string) => entrySet.has(path);
  const readJson = (path: string) => JSON.parse(extractFile(asarPath, path).toString('utf8'));

  test('app.asar holds the main, preload and renderer bundles and package.json', () => {
    for (const path of [
      'package.json',
      'out/main/index.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      // The Linux window icon (BrowserWindow `icon`, see electron/main/main-window.ts).
      'out/icon.png',
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

  test('every runtime dependency and its whole dependency tree resolve inside app.asar', () => {
    type Manifest = {
      name: string;
      version: string;
      main?: string | false;
      exports?: unknown;
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    /** Node's lookup: node_modules in the folder, then in each parent folder, up to the root. */
    const lookup = (name: string, fromDir: string): string | undefined => {
      const parts = fromDir ? fromDir.split('/') : [];
      for (let end = parts.length; end >= 0; end -= 1) {
        if (end > 0 && parts[end - 1] === 'node_modules') continue;
        const dir = posix.join(...parts.slice(0, end), 'node_modules', name);
        if (has(`${dir}/package.json`)) return dir;
      }
      return undefined;
    };
    /** The files `require(name)` / `import(name)` would load: exports['.'] or main or index.js. */
    const entryFiles = (pkg: Manifest): string[][] => {
      const targets = (value: unknown): string[] => {
        if (typeof value === 'string') return [value];
        if (Array.isArray(value)) return value.flatMap(targets);
        if (value && typeof value === 'object') {
          // The conditions Node and Electron's main process load through; not types,
          // browser or a package's own source conditions (zod's "@zod/source").
          return Object.entries(value)
            .filter(([condition]) => RUNTIME_CONDITIONS.has(condition))
            .flatMap(([, v]) => targets(v));
        }
        return [];
      };
      const { exports } = pkg;
      if (exports !== undefined && exports !== null) {
        const map =
          typeof exports === 'object' &&
          !Array.isArray(exports) &&
          Object.keys(exports).some((k) => k.startsWith('.'))
            ? (exports as Record<string, unknown>)
            : null;
        // `require(name)` loads exports['.']; a package with subpaths only (dunder-proto's
        // "./get", "./set") is only ever loaded through them, so those are its entries.
        const roots = !map ? [exports] : '.' in map ? [map['.']] : Object.values(map);
        const files = roots
          .flatMap(targets)
          .filter((f) => !/\.d\.[cm]?ts$/.test(f) && !f.includes('*'));
        if (files.length > 0) return files.map((f) => [f]);
      }
      // `"main": false` and no exports: nothing loads the package by name.
      if (pkg.main !== undefined && typeof pkg.main !== 'string') return [];
      const main = pkg.main ?? 'index.js';
      return [[main, `${main}.js`, `${main}.json`, `${main}.node`, `${main}/index.js`]];
    };

    const root: Manifest = readJson('package.json');
    const problems: string[] = [];
    const visited = new Set<string>();
    const queue: { dir: string; needs: [string, string][]; who: string }[] = [
      { dir: '', needs: Object.entries(root.dependencies ?? {}), who: 'package.json' },
    ];
    while (queue.length > 0) {
      const { dir, needs, who } = queue.shift() as (typeof queue)[number];
      for (const [name, range] of needs) {
        const found = lookup(name, dir);
        if (!found) {
          problems.push(`${name} (${range}), needed by ${who}, is not in app.asar`);
          continue;
        }
        const pkg: Manifest = readJson(`${found}/package.json`);
        if (
          semver.validRange(range) &&
          !semver.satisfies(pkg.version, range, { includePrerelease: true })
        ) {
          problems.push(`${who} needs ${name} ${range}, but resolves ${found} ${pkg.version}`);
        }
        if (visited.has(found)) continue;
        visited.add(found);
        for (const candidates of entryFiles(pkg)) {
          if (!candidates.some((file) => has(posix.normalize(posix.join(found, file))))) {
            problems.push(`${found}: its entry ${candidates[0]} is not in app.asar`);
          }
        }
        const skip = new Set(INSTALL_TIME_ONLY[pkg.name] ?? []);
        const peers = Object.entries(pkg.peerDependencies ?? {}).filter(
          ([peer]) => !pkg.peerDependenciesMeta?.[peer]?.optional,
        );
        queue.push({
          dir: found,
          needs: [...Object.entries(pkg.dependencies ?? {}), ...peers].filter(
            ([n]) => !skip.has(n),
          ),
          who: `${pkg.name}@${pkg.version} (${found})`,
        });
      }
    }
    assert.deepEqual(problems, [], 'every dependency resolves from where it is needed');
    for (const name of Object.keys(root.dependencies ?? {})) {
      assert.ok(visited.has(`node_modules/${name}`), `${name} resolves from the app`);
    }
    // The whole tree was walked (electron-updater alone brings a dozen packages).
    assert.ok(visited.has('node_modules/semver'), "electron-updater's semver is packed");
    assert.ok(visited.size >= 15, `${visited.size} packages resolved`);
  });

  test("exceljs's whole production dependency tree is in app.asar", () => {
    // The tree as installed (what `npm ci` put in node_modules), walked like Node resolves it…
    const installed: TreeSource = {
      has: (path) => existsSync(join(projectDir, path)),
      readJson: (path) => JSON.parse(readFileSync(join(projectDir, path), 'utf8')),
    };
    const wanted = dependencyTree(installed, 'exceljs');
    assert.deepEqual(wanted.missing, [], 'the installed tree is whole');
    // …and the same walk inside the package: every package it reaches must be packed, the
    // same version, resolvable from where it is needed.
    const packed = dependencyTree({ has, readJson }, 'exceljs');
    assert.deepEqual(packed.missing, [], 'every dependency of exceljs resolves inside app.asar');
    const versions = (tree: typeof wanted) => new Set(tree.packages.values());
    const absent = [...versions(wanted)].filter((p) => !versions(packed).has(p));
    assert.deepEqual(absent, [], 'every installed package of the tree is packed');
    // The walk went deep (archiver, unzipper, jszip and theirs), not one package.
    for (const deep of ['archiver', 'unzipper', 'jszip', 'saxes', 'readable-stream']) {
      assert.ok(
        [...packed.packages.values()].some((p) => p.startsWith(`${deep}@`)),
        `${deep} is packed`,
      );
    }
    assert.ok(packed.packages.size >= 30, `${packed.packages.size} packages in the tree`);
  });

  test('the packed exceljs writes and reads a workbook with nothing but packed files', async () => {
    // app.asar unpacked to a folder, and plain Node (as Electron's main process would load it)
    // requiring exceljs from there: a missing file anywhere in its tree fails here.
    const unpacked = join(tmp, 'asar-contents');
    extractAll(asarPath, unpacked);
    const script = `
      const ExcelJS = require('exceljs');
      const { PassThrough } = require('node:stream');
      (async () => {
        const chunks = [];
        const out = new PassThrough();
        out.on('data', (c) => chunks.push(c));
        const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
        const sheet = book.addWorksheet('Users');
        sheet.addRow(['user_id', 'external_id']).commit();
        sheet.addRow(['a', '123456789012345']).commit();
        sheet.commit();
        await book.commit();
        const read = new ExcelJS.Workbook();
        await read.xlsx.load(Buffer.concat(chunks));
        const loaded = Object.keys(require.cache).filter((f) => !f.startsWith(process.cwd()));
        process.stdout.write(JSON.stringify({
          value: read.getWorksheet('Users').getCell('B2').value,
          outside: loaded,
          files: Object.keys(require.cache).length,
        }));
      })().catch((e) => { console.error(e); process.exit(1); });
    `;
    const report = JSON.parse(
      execFileSync(process.execPath, ['-e', script], {
        cwd: unpacked,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      }),
    ) as { value: unknown; outside: string[]; files: number };
    assert.equal(report.value, '123456789012345');
    assert.deepEqual(report.outside, [], 'every module came from the package');
    assert.ok(report.files > 50, `${report.files} modules loaded`);
  });

  test("the dependency edges left unfollowed are keytar's install, not its run time", () => {
    for (const [name, installOnly] of Object.entries(INSTALL_TIME_ONLY)) {
      const pkg = readJson(`node_modules/${name}/package.json`);
      assert.deepEqual(
        Object.keys(pkg.dependencies ?? {}).sort(),
        [...installOnly].sort(),
        `${name} depends on exactly these install-time packages (a new dependency must be followed)`,
      );
      // electron-builder drops `scripts` from the packed package.json; read the installed one.
      const installed = JSON.parse(
        readFileSync(join(projectDir, 'node_modules', name, 'package.json'), 'utf8'),
      );
      assert.equal(installed.version, pkg.version);
      assert.match(
        installed.scripts?.install ?? '',
        /prebuild-install/,
        `${name} installs with prebuild-install`,
      );
      // At run time the packed JavaScript requires nothing but its own files (the .node).
      for (const file of entries.filter(
        (p) => p.startsWith(`node_modules/${name}/`) && /\.[cm]?js$/.test(p),
      )) {
        const source = extractFile(asarPath, file).toString('utf8');
        for (const [, spec] of source.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
          assert.match(spec as string, /^\./, `${file} requires only its own files, not ${spec}`);
        }
      }
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

  test('the AppImage uses the static runtime toolset (no libfuse2)', () => {
    const toolset = resolved.toolsets?.appimage;
    // "0.0.0" and unset are the legacy AppImageKit runtime, which dlopens libfuse.so.2.
    assert.ok(toolset != null && toolset !== '0.0.0', `toolsets.appimage is ${toolset}`);
    assert.ok(appImageDesktop, 'the AppImage target ran up to its desktop entry');
    // The legacy toolset's launcher adds --no-sandbox; the static one runs Electron as it is.
    const entry = parseDesktopEntry(appImageDesktop.desktop);
    assert.equal(entry.Exec, 'AppRun %U');
  });

  test('the Windows installer is per-user, with no elevation and no install-mode page', () => {
    const nsis = resolved.nsis ?? {};
    // oneClick (the default) has no mode page; the assisted installer (false) always has one.
    assert.notEqual(nsis.oneClick, false, 'one-click installer: no install-mode page');
    assert.notEqual(nsis.perMachine, true, 'installed for the current user only');
    assert.equal(nsis.packElevateHelper, false, 'no elevate.exe packed');
    assert.notEqual(nsis.allowElevation, true, 'never asks for elevation');
    assert.notEqual(nsis.allowToChangeInstallationDirectory, true);
    assert.ok(
      [undefined, null, 'asInvoker'].includes(resolved.win?.requestedExecutionLevel ?? undefined),
      'the app itself runs as the person who starts it',
    );
  });

  test("the desktop entry's name and StartupWMClass match the window class Electron sets", () => {
    const pkg = readJson('package.json');
    assert.equal(
      pkg.desktopName,
      'palenca-users.desktop',
      'desktopName in the packed package.json',
    );
    const wmClass = electronAppId(pkg);
    assert.equal(wmClass, 'palenca-users');
    assert.equal(
      resolved.linux?.desktop?.entry?.StartupWMClass,
      undefined,
      'not overridden by hand',
    );
    assert.ok(appImageDesktop && deb, 'both Linux targets ran up to their desktop entries');
    for (const [target, text] of [
      ['AppImage', appImageDesktop.desktop],
      ['deb', deb.desktop],
    ] as const) {
      assert.equal(parseDesktopEntry(text).StartupWMClass, wmClass, `${target} StartupWMClass`);
    }
    assert.equal(appImageDesktop.desktopFileName, pkg.desktopName);
    assert.ok(
      deb.args.some((arg) => arg.endsWith(`=/usr/share/applications/${pkg.desktopName}`)),
      `the .deb installs /usr/share/applications/${pkg.desktopName}`,
    );
  });

  test('the .deb puts the app, not the command line, at /usr/bin/palenca-users', () => {
    assert.ok(deb, 'the deb target ran up to fpm');
    assert.ok(
      deb.args.includes(`${appDir}/=/opt/Palenca Users`),
      'the app is installed in /opt/Palenca Users',
    );
    assert.match(
      deb.afterInstall,
      /ln -sf '\/opt\/Palenca Users\/palenca-users' '\/usr\/bin\/palenca-users'/,
    );
    assert.equal(parseDesktopEntry(deb.desktop).Exec, '"/opt/Palenca Users/palenca-users" %U');
  });

  test('the update feed is configured once, public, with no token in the app', async () => {
    const publish = [resolved.publish].flat();
    assert.equal(publish.length, 1, 'one publish target');
    const feed = publish[0] as unknown as Record<string, unknown>;
    assert.equal(feed.provider, 'github');
    assert.equal(feed.owner, 'palenca');
    assert.equal(feed.repo, 'palenca-users-releases');
    assert.equal(
      feed.private,
      false,
      'electron-updater never uses a token, even if GH_TOKEN is set',
    );
    assert.equal(feed.token, undefined, 'no token in the configuration');
    const appUpdate = await readFile(join(appDir, 'resources', 'app-update.yml'), 'utf8');
    assert.match(appUpdate, /^provider: github$/m);
    assert.match(appUpdate, /^owner: palenca$/m);
    assert.match(appUpdate, /^repo: palenca-users-releases$/m);
    assert.match(appUpdate, /^private: false$/m);
    assert.doesNotMatch(appUpdate, /token/i, 'no token written into the package');
  });

  test('macOS: signed builds keep their entitlements; ad-hoc builds get their own file', () => {
    const mac = resolved.mac ?? {};
    assert.notEqual(mac.identity, '-', 'no fixed ad-hoc identity: certificates sign when present');
    assert.equal(mac.hardenedRuntime, true);
    assert.ok(
      [mac.target].flat().some((t) => (typeof t === 'string' ? t : t?.target) === 'zip'),
      'a zip for electron-updater (Squirrel.Mac installs from a zip)',
    );
    const keys = (file: string) =>
      [...readFileSync(join(projectDir, file), 'utf8').matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)]
        .map(([, key]) => key)
        .sort();
    assert.equal(mac.entitlements, 'build/entitlements.mac.plist');
    assert.equal(mac.entitlementsInherit, 'build/entitlements.mac.plist');
    const signed = keys('build/entitlements.mac.plist');
    assert.ok(!signed.includes('com.apple.security.cs.disable-library-validation'));
    const adhoc = keys('build/entitlements.mac.adhoc.plist');
    assert.deepEqual(
      adhoc,
      [...signed, 'com.apple.security.cs.disable-library-validation'].sort(),
      'the ad-hoc file is the signed one plus disable-library-validation',
    );
  });
});
