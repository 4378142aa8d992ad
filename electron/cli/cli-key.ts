// Where the CLI finds the API key: PALENCA_API_KEY first, else the keychain item the app
// and `palenca-users key set` save.
import type { KeyStore } from '../backend/keychain/key-store.ts';
import type { Environment } from '../shared/models.ts';
import { fail, ok, type Result } from '../shared/result.ts';

/** `keyStore` is the keychain the command was given: the real one, or a test's own service. */
export async function resolveCliKey(
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
    `No API key for ${environment}. Save one with \`palenca-users key set --env ${environment}\`, or set the PALENCA_API_KEY environment variable to your organisation's key.`,
  );
}
