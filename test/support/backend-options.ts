// The backend's options as tests build them: a shell where nothing happens (every save dialog
// cancelled, no question answered), no log file, the test app's facts, and Palenca at
// `palencaUrl`. A test gives only what it is about: its keychain, a shell answer, its client
// timing, what it listens to.
import type { Environment } from '#common/models.ts';
import { ok } from '#common/result.ts';
import type { BackendOptions } from '../../electron/backend/backend-options.ts';
import type { KeyStore } from '../../electron/backend/keychain/key-store.ts';
import { createLogger } from '../../electron/backend/log.ts';
import type { PlatformBridge } from '../../electron/backend/platform.ts';

/** A shell where nothing happens: the save dialog is cancelled, the rest does nothing. */
export const QUIET_PLATFORM: PlatformBridge = {
  chooseSavePath: async () => null,
  showInFolder: async () => {},
  openPath: async () => {},
  openExternal: async () => {},
};

export const TEST_APP_INFO: BackendOptions['appInfo'] = {
  version: '0.0.0-test',
  systemLocale: 'en-US',
  platform: process.platform,
};

export interface TestBackendOptions extends Partial<Omit<BackendOptions, 'platform'>> {
  dataDir: string;
  /** Where Palenca's requests go (`PALENCA_API_URL`); without it, `env` as given or empty. */
  palencaUrl?: string;
  /** Laid over QUIET_PLATFORM. */
  platform?: Partial<PlatformBridge>;
}

export function testBackendOptions(options: TestBackendOptions): BackendOptions {
  const { palencaUrl, platform, ...given } = options;
  return {
    keyStore: memoryKeyStore(),
    log: createLogger(null),
    appInfo: TEST_APP_INFO,
    emit: () => {},
    env: palencaUrl ? { PALENCA_API_URL: palencaUrl } : {},
    ...given,
    platform: { ...QUIET_PLATFORM, ...platform },
  };
}

/** A keychain in memory, its items there to look at (the OS keychain is tested in test/keychain). */
export function memoryKeyStore(
  keys: Partial<Record<Environment, string>> = {},
): KeyStore & { items: Map<Environment, string> } {
  const items = new Map(Object.entries(keys) as [Environment, string][]);
  return {
    items,
    get: async (environment) => ok(items.get(environment) ?? null),
    set: async (environment, key) => {
      items.set(environment, key);
      return ok(null);
    },
    delete: async (environment) => ok(items.delete(environment)),
    has: async (environment) => ok(items.has(environment)),
  };
}
