// What may be said about a stored key outside the backend: whether there is one, and its
// last four characters. Never the key itself.
import type { Environment, KeyStatus, KeyStatuses } from '../../shared/models.ts';
import { ok, type Result } from '../../shared/result.ts';
import type { KeyStore } from './key-store.ts';

/** The status of a key we hold in hand; short values get no hint, since 4 would be half. */
export function statusOf(key: string | null): KeyStatus {
  if (key === null) return { hasKey: false, last4: null };
  return { hasKey: true, last4: key.length >= 8 ? key.slice(-4) : null };
}

export async function keyStatus(
  store: KeyStore,
  environment: Environment,
): Promise<Result<KeyStatus>> {
  const key = await store.get(environment);
  return key.ok ? ok(statusOf(key.value)) : key;
}

/** Both environments at once, so a slow keychain costs one time limit, not two. */
export async function keyStatuses(store: KeyStore): Promise<Result<KeyStatuses>> {
  const [sandbox, production] = await Promise.all([
    keyStatus(store, 'sandbox'),
    keyStatus(store, 'production'),
  ]);
  if (!sandbox.ok) return sandbox;
  if (!production.ok) return production;
  return ok({ sandbox: sandbox.value, production: production.value });
}
