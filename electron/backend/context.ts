// What every group of handlers shares: the stores, the log, and a way to get a Palenca
// client for an environment with the key from the keychain.
import type { Environment } from '../shared/models.ts';
import { fail, type Result } from '../shared/result.ts';
import type { BackendOptions } from './backend.ts';
import { type ClientTuning, createPalencaClient, type PalencaClient } from './palenca/client.ts';
import { resolveBaseUrl } from './palenca/environments.ts';
import { createSettingsStore, type SettingsStore } from './settings/settings-store.ts';

export interface BackendContext extends BackendOptions {
  settings: SettingsStore;
  /** A client using the stored key of `environment`; `missing_key` when none is stored. */
  clientFor(environment: Environment): Promise<Result<PalencaClient>>;
  /** A client with a key that is not stored yet (checking a key before saving it). */
  clientWithKey(
    environment: Environment,
    apiKey: string,
    tuning?: Partial<ClientTuning>,
  ): Result<PalencaClient>;
  /** Aborted when the app quits: long work (exports, charts) listens to it. */
  stopping: AbortSignal;
  /** Registers long work so quitting waits for its clean-up (no temporary file left). */
  track<T>(work: Promise<T>): Promise<T>;
  /** Stops all tracked work and waits for it to finish cleaning up. */
  shutdown(): Promise<void>;
}

export function createContext(options: BackendOptions): BackendContext {
  const clientWithKey = (
    environment: Environment,
    apiKey: string,
    tuning?: Partial<ClientTuning>,
  ) => {
    options.log.addSecret(apiKey);
    return createPalencaClient({
      baseUrl: resolveBaseUrl(environment, options.env),
      apiKey,
      tuning: { ...options.clientTuning, ...tuning },
    });
  };
  const stopping = new AbortController();
  const pending = new Set<Promise<unknown>>();
  return {
    ...options,
    settings: createSettingsStore(options.dataDir, options.log),
    clientWithKey,
    stopping: stopping.signal,
    track(work) {
      pending.add(work);
      void work.finally(() => pending.delete(work)).catch(() => {});
      return work;
    },
    async shutdown() {
      stopping.abort();
      await Promise.allSettled([...pending]);
    },
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
