// Which environments have a key saved without asking Palenca ("save without checking"), so
// the app can show it as "not yet checked" until a call with it works. Kept in the settings
// file as environment names only, never the key.
import type { Environment, KeyStatuses } from '#common/models.ts';
import type { Result } from '#common/result.ts';
import type { Logger } from '../log.ts';
import type { PalencaClient } from '../palenca/client.ts';
import type { SettingsStore } from './settings-store.ts';

export interface UncheckedKeys {
  /** The environment's key was just saved: unchecked, or accepted by Palenca (or removed). */
  set(environment: Environment, unchecked: boolean): Promise<void>;
  /** Marks the statuses of environments whose stored key is still unchecked. */
  mark(statuses: KeyStatuses): Promise<KeyStatuses>;
  /** Wraps a client of the stored key: its first successful call clears the mark. */
  confirming(environment: Environment, client: PalencaClient): PalencaClient;
}

export function createUncheckedKeys(settings: SettingsStore, log: Logger): UncheckedKeys {
  // What is known to be checked already, so a successful page costs no settings read.
  const checked = new Set<Environment>();
  // Bumped by each new key, so an answer to a call made with the old key proves nothing.
  const generation: Record<Environment, number> = { sandbox: 0, production: 0 };

  const set = async (environment: Environment, unchecked: boolean) => {
    generation[environment]++;
    if (unchecked) checked.delete(environment);
    else checked.add(environment);
    await settings.change(({ uncheckedKeys }) => ({
      uncheckedKeys: unchecked
        ? [...new Set([...uncheckedKeys, environment])]
        : uncheckedKeys.filter((env) => env !== environment),
    }));
  };

  const confirmed = (environment: Environment, keyGeneration: number) => {
    if (checked.has(environment) || keyGeneration !== generation[environment]) return;
    checked.add(environment);
    void settings
      .read()
      .then(({ uncheckedKeys }) => {
        if (!uncheckedKeys.includes(environment)) return;
        log.info(`the unchecked key for ${environment} worked: marked checked`);
        return set(environment, false);
      })
      .catch((error: unknown) => {
        // Not remembered: it stays "not yet checked" and the next success tries again.
        checked.delete(environment);
        log.warn(`could not mark the ${environment} key as checked`, error);
      });
  };

  /** The same call; when it succeeds, the key worked. */
  const noting =
    (
      environment: Environment,
      keyGeneration: number,
      call: (...args: unknown[]) => Promise<Result<unknown>>,
    ) =>
    async (...args: unknown[]): Promise<Result<unknown>> => {
      const result = await call(...args);
      if (result.ok) confirmed(environment, keyGeneration);
      return result;
    };

  return {
    set,
    async mark(statuses) {
      const { uncheckedKeys } = await settings.read();
      const marked = { ...statuses };
      for (const env of uncheckedKeys) {
        // Known to work in this session, even if that note is still being written.
        if (checked.has(env)) continue;
        if (marked[env].hasKey) marked[env] = { ...marked[env], unverified: true };
      }
      return marked;
    },
    // Every method of the client is a Palenca call answering a Result: each one counts.
    confirming: (environment, client) => {
      const keyGeneration = generation[environment];
      return Object.fromEntries(
        Object.entries(client).map(([name, method]) => [
          name,
          typeof method === 'function'
            ? noting(environment, keyGeneration, method.bind(client))
            : method,
        ]),
      ) as unknown as PalencaClient;
    },
  };
}
