// Saving a key: tidy it, ask Palenca whether it accepts it (unless the person chose to save
// without checking because Palenca could not be reached), and only then store it; in the app,
// a key already stored for that environment is replaced only if the person says so.
import { ENVIRONMENTS, type Environment, type SaveKeyOutcome } from '#common/models.ts';
import { type AppError, fail, ok, type Result } from '#common/result.ts';
import type { Logger } from '../log.ts';
import type { ClientTuning, PalencaClient } from '../palenca/client.ts';
import { keyCheckTuning, normaliseKey, verifyKey } from './key-check.ts';
import { statusOf } from './key-status.ts';
import type { KeyStore } from './key-store.ts';

/** What saving needs; the backend context provides them, the CLI builds them itself. */
export interface SaveKeyDeps {
  keyStore: KeyStore;
  /** `tuning` overrides the client's timing for this one client (the key check's). */
  clientWithKey(
    environment: Environment,
    apiKey: string,
    tuning?: Partial<ClientTuning>,
  ): Result<PalencaClient>;
  log: Logger;
  /** Tests shorten the check's limit; the app uses KEY_CHECK_TIMEOUT_MS. */
  keyCheckTimeoutMs?: number;
  /**
   * The app's question before a stored key is replaced (a native dialog, see key-handlers.ts),
   * asked once, right before storing: after the check, only if a key is there. The CLI has
   * none: `key set` is itself the person's command to store the key.
   */
  confirmReplace?(environment: Environment): Promise<boolean>;
}

export interface SaveKeyRequest {
  environment: Environment;
  key: string;
  skipCheck?: boolean | undefined;
}

export async function saveKey(
  deps: SaveKeyDeps,
  request: SaveKeyRequest,
): Promise<Result<SaveKeyOutcome>> {
  const { environment, skipCheck = false } = request;
  const key = normaliseKey(request.key);
  if (!key.ok) return key;
  deps.log.addSecret(key.value);

  if (!skipCheck) {
    const client = deps.clientWithKey(
      environment,
      key.value,
      keyCheckTuning(deps.keyCheckTimeoutMs),
    );
    if (!client.ok) return client;
    const checked = await verifyKey(client.value);
    if (!checked.ok) {
      // A rejected key, or no answer from Palenca: nothing is stored. The caller may offer
      // "save without checking" for the no-answer codes (CHECK_SKIPPABLE_CODES).
      deps.log.warn(`key check for ${environment} failed: ${checked.error.code}`);
      return checked;
    }
  }

  if (deps.confirmReplace) {
    const existing = await deps.keyStore.has(environment);
    if (!existing.ok) return existing;
    if (existing.value && !(await deps.confirmReplace(environment))) {
      deps.log.info(`replacing the ${environment} key was declined; the stored key is kept`);
      return fail('cancelled', 'The stored key was kept.');
    }
  }

  const stored = await deps.keyStore.set(environment, key.value);
  if (!stored.ok) return stored;
  deps.log.info(
    `key saved for ${environment} (${skipCheck ? 'not checked' : 'accepted by Palenca'})`,
  );
  return ok({ status: statusOf(key.value), verified: !skipCheck });
}

/**
 * After Palenca refused a key for `environment`: one more check, against the other
 * environment. A key pasted for the wrong one is the usual reason for a refusal, and the
 * person is then offered to save it there. Costs one request, only after a refusal. Answers
 * the refusal unchanged when the other environment refuses it too (or cannot be asked).
 */
export async function explainRefusedKey(
  deps: SaveKeyDeps,
  request: SaveKeyRequest,
  refusal: { ok: false; error: AppError },
): Promise<{ ok: false; error: AppError }> {
  const key = normaliseKey(request.key);
  if (!key.ok) return refusal;
  const other = ENVIRONMENTS.find((env) => env !== request.environment) ?? request.environment;
  const client = deps.clientWithKey(other, key.value, keyCheckTuning(deps.keyCheckTimeoutMs));
  if (!client.ok) return refusal;
  const checked = await verifyKey(client.value);
  if (!checked.ok) return refusal;
  deps.log.info(`the key refused for ${request.environment} is accepted for ${other}`);
  return fail(
    'invalid_key',
    `Palenca did not accept this key for ${request.environment}, but it accepts it for ${other}.`,
    {
      reason: 'key_other_environment',
      ...(refusal.error.detail ? { detail: refusal.error.detail } : {}),
    },
  );
}
