// What every group of handlers shares: the stores, the log, the pacing governor of each
// environment, and a way to get a Palenca client for an environment with the key from the
// keychain.
import { join } from 'node:path';
import type { AllowanceShare, Environment } from '#common/models.ts';
import { fail, ok, type Result } from '#common/result.ts';
import { AllowanceGovernor } from './allowance/allowance-governor.ts';
import type { BackendOptions } from './backend-options.ts';
import {
  createLastExportStore,
  LAST_EXPORT_FOLDER,
  type LastExportStore,
} from './export/last-export-store.ts';
import type { ClientTuning, PalencaClient } from './palenca/client.ts';
import { environmentClient } from './palenca/environment-client.ts';
import { createSettingsStore, type SettingsStore } from './settings/settings-store.ts';
import { createUncheckedKeys, type UncheckedKeys } from './settings/unchecked-keys.ts';

export interface BackendContext extends BackendOptions {
  settings: SettingsStore;
  /** Keys saved without a check, until a call with them works ("not yet checked"). */
  uncheckedKeys: UncheckedKeys;
  /** What "since the last export" continues from, per environment and external-ID filter. */
  lastExports: LastExportStore;
  /**
   * The environment's one pacing governor: every request to it, from any call, goes through
   * it. Its share follows the settings; what it learnt is forgotten when the key changes.
   */
  allowanceFor(environment: Environment): AllowanceGovernor;
  /** Applies a new share to every governor (the setting changed). */
  setAllowanceShare(share: AllowanceShare): void;
  /** Forgets what the environment's governor learnt: its key changed (maybe another organisation). */
  forgetAllowance(environment: Environment): void;
  /** A client using the stored key of `environment`; `missing_key` when none is stored. */
  clientFor(environment: Environment): Promise<Result<PalencaClient>>;
  /**
   * A client with a key that is not stored yet (checking a key before saving it). It has a
   * governor of its own: the key may be another organisation's, with its own allowance.
   */
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
  const settings = createSettingsStore(options.dataDir, options.log, {
    region: options.appInfo.systemRegion ?? options.appInfo.systemLocale,
  });
  const uncheckedKeys = createUncheckedKeys(settings, options.log);
  let share: number | null = null;
  const governors = new Map<Environment, AllowanceGovernor>();

  const newGovernor = (environment: Environment) => {
    const governor = new AllowanceGovernor({ share: (share ?? 50) / 100 });
    governor.onStatus((status) => options.emit('allowance', { environment, status }));
    return governor;
  };
  const allowanceFor = (environment: Environment) => {
    let governor = governors.get(environment);
    if (!governor) {
      governor = newGovernor(environment);
      governors.set(environment, governor);
    }
    return governor;
  };
  const setAllowanceShare = (percent: number) => {
    share = percent;
    for (const governor of governors.values()) governor.setShare(percent / 100);
  };

  const makeClient = (
    environment: Environment,
    apiKey: string,
    governor: AllowanceGovernor,
    tuning?: Partial<ClientTuning>,
  ) =>
    environmentClient({
      environment,
      apiKey,
      env: options.env,
      log: options.log,
      governor,
      tuning: { ...options.clientTuning, ...tuning },
      fetch: options.fetch,
    });
  const stopping = new AbortController();
  const pending = new Set<Promise<unknown>>();
  return {
    ...options,
    settings,
    uncheckedKeys,
    lastExports: createLastExportStore(join(options.dataDir, LAST_EXPORT_FOLDER), options.log),
    allowanceFor,
    setAllowanceShare,
    forgetAllowance(environment) {
      governors.delete(environment);
    },
    clientWithKey: (environment, apiKey, tuning) =>
      makeClient(environment, apiKey, newGovernor(environment), tuning),
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
      // The saved share applies from the first request on.
      if (share === null) setAllowanceShare((await settings.read()).allowanceShare);
      const key = await options.keyStore.get(environment);
      if (!key.ok) return key;
      if (!key.value) {
        return fail('missing_key', `No API key is saved for ${environment}.`);
      }
      const client = makeClient(environment, key.value, allowanceFor(environment));
      return client.ok ? ok(uncheckedKeys.confirming(environment, client.value)) : client;
    },
  };
}
