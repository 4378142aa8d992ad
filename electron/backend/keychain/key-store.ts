// The narrow interface every part of the app uses to reach the stored API keys.
// The keytar-backed implementation lives in keytar-store.ts.
import type { Environment } from '#common/models.ts';
import type { Result } from '#common/result.ts';

/** The keychain item's service name; the account name is the environment. Documented in the README. */
export const KEYCHAIN_SERVICE = 'Palenca Users';

export interface KeyStore {
  get(environment: Environment): Promise<Result<string | null>>;
  set(environment: Environment, key: string): Promise<Result<null>>;
  delete(environment: Environment): Promise<Result<boolean>>;
  has(environment: Environment): Promise<Result<boolean>>;
}
