// Finds the installed Electron binary for the real-Electron suite, or says why there is none.
//
// Since Electron 42 the `electron` npm package downloads nothing at install (it has no
// postinstall, so ELECTRON_SKIP_BINARY_DOWNLOAD does nothing): the binary is fetched by
// `npx install-electron --no` (the package's install.js), or on first use by its index.js,
// which downloads when it finds none. So the binary is looked up the way index.js does, by
// reading its files, never by loading index.js: a test must not start a download.
//   - install.js extracts Electron into node_modules/electron/dist and writes path.txt, the
//     executable's path inside dist (`electron`, `electron.exe` or
//     `Electron.app/Contents/MacOS/Electron`); dist/version holds the version extracted.
//   - ELECTRON_OVERRIDE_DIST_PATH replaces the dist folder, as in index.js.
//
// Where the binary is missing the suite reports itself skipped, with the reason; where
// PALENCA_REQUIRE_ELECTRON=1 is set (.github/workflows/electron.yml sets it) a missing binary
// throws instead, so each Electron test file fails to load with that message: the suite can
// never pass there without having run.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { path: string } | { skip: string };

export type FindElectronOptions = {
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** The electron package's folder; defaults to wherever `electron` resolves from here. */
  packageDir?: string;
  /** Defaults to process.platform. */
  platform?: NodeJS.Platform;
};

const HOW_TO_INSTALL =
  'Electron 42 and later download no binary at `npm install` (ELECTRON_SKIP_BINARY_DOWNLOAD does nothing); ' +
  'run `npx install-electron --no` after `npm ci` to fetch it';

/** The executable's path inside dist, as electron/install.js writes it into path.txt. */
function platformPath(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function locate(options: FindElectronOptions): ElectronBinary {
  const env = options.env ?? process.env;
  let packageDir = options.packageDir;
  if (!packageDir) {
    try {
      packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    } catch {
      return { skip: 'the electron package is not installed (run `npm ci`)' };
    }
  }
  const version = (
    JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const pathTxt = readText(join(packageDir, 'path.txt'));
  const overrideDist = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (overrideDist) {
    const binary = join(
      overrideDist,
      pathTxt || platformPath(options.platform ?? process.platform),
    );
    return existsSync(binary)
      ? { path: binary }
      : { skip: `ELECTRON_OVERRIDE_DIST_PATH is set but there is no Electron binary at ${binary}` };
  }
  if (!pathTxt) {
    return {
      skip: `Electron ${version}'s binary is not installed here (no ${join(packageDir, 'path.txt')}). ${HOW_TO_INSTALL}`,
    };
  }
  const binary = join(packageDir, 'dist', pathTxt);
  if (!existsSync(binary)) {
    return { skip: `Electron's binary is missing at ${binary}. ${HOW_TO_INSTALL}` };
  }
  const distVersion = readText(join(packageDir, 'dist', 'version'))?.replace(/^v/, '');
  if (distVersion && distVersion !== version) {
    return {
      skip: `the Electron binary in ${join(packageDir, 'dist')} is ${distVersion}, the electron package is ${version}. ${HOW_TO_INSTALL}`,
    };
  }
  return { path: binary };
}

/**
 * The Electron binary to launch, or `{ skip }` with the reason there is none. Throws instead
 * of skipping when PALENCA_REQUIRE_ELECTRON is set (to anything but `0` or `false`).
 */
export function findElectronBinary(options: FindElectronOptions = {}): ElectronBinary {
  const found = locate(options);
  const required = (options.env ?? process.env).PALENCA_REQUIRE_ELECTRON;
  if ('skip' in found && required && required !== '0' && required.toLowerCase() !== 'false') {
    throw new Error(
      `PALENCA_REQUIRE_ELECTRON is set: the real-Electron suite must run here, but ${found.skip}`,
    );
  }
  return found;
}
