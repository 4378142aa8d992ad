// What every group of handlers shares: the stores, the log, and a way to get a Palenca
// client for an environment with the key from the keychain.
import type { Environment } from '../shared/models.ts';
import { fail, type Result } from '../shared/result.ts';
import type { BackendOptions } from './backend.ts';
import { createPalencaClient, type PalencaClient } from './palenca/client.ts';
import { resolveBaseUrl } from './palenca/environments.ts';
import { createSettingsStore, type SettingsStore } from './settings/settings-store.ts';

export interface BackendContext extends BackendOptions {
  settings: SettingsStore;
  /** A client using the stored key of `environment`; `missing_key` when none is stored. */
  clientFor(environment: Environment): Promise<Result<PalencaClient>>;
  /** A client with a key that is not stored yet (checking a key before saving it). */
  clientWithKey(environment: Environment, apiKey: string): Result<PalencaClient>;
}

export function createContext(options: BackendOptions): BackendContext {
  const clientWithKey = (environment: Environment, apiKey: string) => {
    options.log.addSecret(apiKey);
    return createPalencaClient({
      baseUrl: resolveBaseUrl(environment, options.env),
      apiKey,
      ...(options.clientTuning ? { tuning: options.clientTuning } : {}),
    });
  };
  return {
    ...options,
    settings: createSettingsStore(options.dataDir, options.log),
    clientWithKey,
    async clientFor(environment) {
      const key = await options.keyStore.get(environment);
      if (!key.ok) return key;
      if (!key.value) {
        return fail('missing_key', `No API key is saved for ${environment}.`);
      }
      return clientWithKey(environment, key.value);
    },
  };
}
