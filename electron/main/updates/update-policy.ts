// Whether this copy of the app can update itself, and if not why: decided from plain facts
// (no electron import), so every case is unit-tested under Node.
//
// Off for:
// - a development run (not packaged), unless the Electron test suite points
//   PALENCA_UPDATE_CONFIG at a development update config (`dev-app-update.yml` style): only
//   then, and never in a packaged app, is that variable read;
// - a build whose package.json says `"palencaUpdates": "off"`: the release workflow sets it
//   with `-c.extraMetadata.palencaUpdates=off` for macOS builds without a signing certificate
//   (Squirrel.Mac only installs an update signed like the running app), and for the .deb;
// - Linux system packages: electron-updater picks its updater from `resources/package-type`
//   (written by electron-builder for deb, rpm and pacman), and those updaters run the
//   package manager as an administrator, which the people using this app are not;
// - Linux outside an AppImage (no `APPIMAGE` variable): nothing to replace;
// - a packaged build without `resources/app-update.yml` (built with no `publish` feed).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type UpdatesOffReason =
  | 'development'
  | 'disabled_in_build'
  | 'system_package'
  | 'not_appimage'
  | 'no_feed'
  | 'unsupported_platform';

export interface UpdateFacts {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  /** `palencaUpdates` from the app's own package.json; null when it is not there. */
  buildSetting: string | null;
  /** `resources/package-type` (deb, rpm, pacman) as electron-updater reads it; null when absent. */
  packageType: string | null;
  /** Whether electron-builder wrote `resources/app-update.yml` (the `publish` feed). */
  hasFeedConfig: boolean;
  /** The `APPIMAGE` variable the AppImage runtime sets: the file an update replaces. */
  appImagePath: string | null;
  /** `PALENCA_UPDATE_CONFIG`: a development update config, honoured only unpackaged. */
  devConfigPath: string | null;
}

export type UpdatePolicy =
  | {
      on: true;
      /** The development update config to use; null: the packaged feed. */
      devConfigPath: string | null;
    }
  | { on: false; reason: UpdatesOffReason };

/** The package types whose electron-updater updater needs an administrator. */
export const SYSTEM_PACKAGE_TYPES: readonly string[] = ['deb', 'rpm', 'pacman'];

const off = (reason: UpdatesOffReason): UpdatePolicy => ({ on: false, reason });

export function decideUpdates(facts: UpdateFacts): UpdatePolicy {
  const devConfigPath = facts.isPackaged ? null : facts.devConfigPath;
  if (!facts.isPackaged && !devConfigPath) return off('development');
  // Before the build setting: the release workflow turns updates off in the .deb too, and the
  // person should read that it is the .deb, not an unsigned build.
  const systemPackage =
    facts.platform === 'linux' &&
    !!facts.packageType &&
    SYSTEM_PACKAGE_TYPES.includes(facts.packageType);
  if (systemPackage) return off('system_package');
  if (facts.buildSetting === 'off') return off('disabled_in_build');
  if (!['win32', 'darwin', 'linux'].includes(facts.platform)) return off('unsupported_platform');
  if (facts.platform === 'linux' && !facts.appImagePath) return off('not_appimage');
  if (facts.isPackaged && !facts.hasFeedConfig) return off('no_feed');
  return { on: true, devConfigPath };
}

export interface UpdateFactSources {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  /** `app.getAppPath()`: where the app's package.json is (inside app.asar when packaged). */
  appPath: string;
  /** `process.resourcesPath`. */
  resourcesPath: string;
  env: Record<string, string | undefined>;
}

const readText = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** Reads the facts from the files and variables electron-updater itself looks at. */
export function readUpdateFacts(sources: UpdateFactSources): UpdateFacts {
  let buildSetting: string | null = null;
  try {
    const pkg = JSON.parse(readText(join(sources.appPath, 'package.json')) ?? '{}') as {
      palencaUpdates?: unknown;
    };
    if (typeof pkg.palencaUpdates === 'string') buildSetting = pkg.palencaUpdates;
  } catch {
    buildSetting = null;
  }
  const packageType =
    sources.platform === 'linux'
      ? readText(join(sources.resourcesPath, 'package-type'))?.trim() || null
      : null;
  return {
    platform: sources.platform,
    isPackaged: sources.isPackaged,
    buildSetting,
    packageType,
    hasFeedConfig: existsSync(join(sources.resourcesPath, 'app-update.yml')),
    appImagePath: sources.env.APPIMAGE || null,
    devConfigPath: sources.env.PALENCA_UPDATE_CONFIG || null,
  };
}

/**
 * The policy for this run. A development run without a development config is decided before
 * any file is read (nor is `app.getAppPath()` called: the stand-in smoke test has none).
 */
export function updatePolicyFor(
  sources: Omit<UpdateFactSources, 'appPath' | 'resourcesPath'> & {
    appPath: () => string;
    resourcesPath: string | undefined;
  },
): UpdatePolicy {
  if (!sources.isPackaged && !sources.env.PALENCA_UPDATE_CONFIG) return off('development');
  return decideUpdates(
    readUpdateFacts({
      ...sources,
      appPath: sources.appPath(),
      resourcesPath: sources.resourcesPath ?? '',
    }),
  );
}

/** Where the update config is: the packaged one, or the development one in use. */
export const updateConfigPathOf = (policyDevConfig: string | null, resourcesPath: string) =>
  policyDevConfig ?? join(resourcesPath, 'app-update.yml');

const NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * The page where a person downloads the newest version by hand, from the update config
 * electron-builder wrote from `publish` (the one place the feed is configured): a GitHub
 * provider's releases page. Null for anything else (a generic feed is a folder of files).
 */
export function downloadPageOf(updateConfig: string | null): string | null {
  if (!updateConfig) return null;
  const values = new Map<string, string>();
  // Top-level `key: value` lines are all it has; a value may be quoted or followed by a comment.
  for (const line of updateConfig.split(/\r?\n/)) {
    const match = /^([A-Za-z]+):(.*)$/.exec(line);
    if (!match?.[1] || match[2] === undefined) continue;
    const value = match[2].replace(/\s+#.*$/, '').trim();
    values.set(match[1], value.replace(/^(['"])(.*)\1$/, '$2'));
  }
  const owner = values.get('owner');
  const repo = values.get('repo');
  if (values.get('provider') !== 'github' || !owner || !repo) return null;
  if (!NAME.test(owner) || !NAME.test(repo)) return null;
  return `https://github.com/${owner}/${repo}/releases/latest`;
}

/** Reads the update config and gives its download page (see downloadPageOf). */
export const readDownloadPage = (configPath: string): string | null =>
  downloadPageOf(readText(configPath));
