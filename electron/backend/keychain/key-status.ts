// What may be said about a stored key outside the backend: whether there is one, and its
// last four characters. Never the key itself.
import type { Environment, KeyStatus, KeyStatuses } from '#common/models.ts';
import { ok, type Result } from '#common/result.ts';
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

/**
 * Both environments, one after the other: keytar calls are never run side by side (see
 * keytar-gate.ts). A keychain that does not answer costs one time limit, not two: the first
 * failure ends the read, and while a call is stuck the store answers at once anyway.
 */
export async function keyStatuses(store: KeyStore): Promise<Result<KeyStatuses>> {
  const sandbox = await keyStatus(store, 'sandbox');
  if (!sandbox.ok) return sandbox;
  const production = await keyStatus(store, 'production');
  if (!production.ok) return production;
  return ok({ sandbox: sandbox.value, production: production.value });
}
