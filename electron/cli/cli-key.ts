// Which environment a command is for, and where the CLI finds its API key: PALENCA_API_KEY
// first, else the keychain item the app and `palenca-users key set` save.

import { ENVIRONMENTS, type Environment } from '#common/models.ts';
import { fail, ok, type Result } from '#common/result.ts';
import type { AllowanceGovernor } from '../backend/allowance/allowance-governor.ts';
import type { KeyStore } from '../backend/keychain/key-store.ts';
import { createKeytarStore } from '../backend/keychain/keytar-store.ts';
import type { ClientTuning, PalencaClient } from '../backend/palenca/client.ts';
import { environmentClient } from '../backend/palenca/environment-client.ts';
import { cliFetch } from './cli-fetch.ts';

export const BAD_ENVIRONMENT = 'The option --env must be production or sandbox.';

/** The `--env` flag: production when left out, null when it names no environment. */
export function environmentFlag(value: string | undefined): Environment | null {
  const environment = value ?? 'production';
  return (ENVIRONMENTS as readonly string[]).includes(environment)
    ? (environment as Environment)
    : null;
}

/** `keyStore` is the keychain the command was given: the real one, or a test's own service. */
async function resolveCliKey(
  environment: Environment,
  env: Record<string, string | undefined>,
  keyStore: KeyStore,
): Promise<Result<string>> {
  const fromEnv = env.PALENCA_API_KEY?.trim();
  if (fromEnv) return ok(fromEnv);
  const stored = await keyStore.get(environment);
  if (!stored.ok) {
    const { code, message, ...extra } = stored.error;
    return fail(
      code,
      `No API key for ${environment}: PALENCA_API_KEY is not set and the keychain could not be read. ${message}`,
      extra,
    );
  }
  if (stored.value) return ok(stored.value);
  return fail(
    'missing_key',
    `No API key for ${environment}. Save one with \`palenca-users-cli key set --env ${environment}\`, or set the PALENCA_API_KEY environment variable to your organisation's key.`,
  );
}

/** What a command that asks Palenca may be given; tests give both. */
export interface CliClientOptions {
  /** Where a key is looked up without PALENCA_API_KEY (default the keychain); tests give their own. */
  keyStore?: KeyStore;
  /** Tests shrink the client's timeouts and its answer deadline (about 20 s by default). */
  clientTuning?: Partial<ClientTuning>;
}

/**
 * A Palenca client for `environment`, with the key found as above, paced by `governor`,
 * through the proxy that HTTPS_PROXY / HTTP_PROXY name, if any (cli-fetch.ts).
 */
export async function cliClient(
  environment: Environment,
  env: Record<string, string | undefined>,
  governor: AllowanceGovernor,
  options: CliClientOptions,
): Promise<Result<PalencaClient>> {
  const key = await resolveCliKey(environment, env, options.keyStore ?? createKeytarStore());
  if (!key.ok) return key;
  return environmentClient({
    environment,
    apiKey: key.value,
    env,
    governor,
    fetch: cliFetch(env),
    tuning: options.clientTuning,
  });
}
