// The rules for a key the person pasted, and the one cheap request that asks Palenca whether
// it accepts it. Shared by the `saveKey` call and `palenca-users key set`.
import { localDay } from '#common/days.ts';
import type { ErrorReason } from '#common/error-codes.ts';
import { fail, ok, type Result } from '#common/result.ts';
import type { ClientTuning, PalencaClient } from '../palenca/client.ts';

export const KEY_MIN_LENGTH = 8;
export const KEY_MAX_LENGTH = 512;

/**
 * Trims a pasted key and refuses what cannot be a key, with a `reason` the screens put in
 * their own words (the message is the CLI's). Messages never repeat the key.
 */
export function normaliseKey(raw: string): Result<string> {
  const key = raw.trim();
  const bad = (reason: ErrorReason, message: string) =>
    fail('bad_input', message, { field: 'key', reason });
  if (key === '') return bad('key_empty', 'Paste your API key first.');
  if (/\s/.test(key)) {
    return bad(
      'key_space_inside',
      'The key has a space or line break inside it. Copy it again from the Palenca console.',
    );
  }
  // Printable ASCII only: anything else (curly quotes, a bullet from a document) cannot be
  // sent in a header, so it cannot be a key.
  if (!/^[\x21-\x7e]+$/.test(key)) {
    return bad(
      'key_bad_character',
      'The key has a character a Palenca key cannot have. Copy it again from the Palenca console.',
    );
  }
  if (key.length < KEY_MIN_LENGTH) {
    return bad(
      'key_too_short',
      'That is too short to be a Palenca API key. Copy the whole key from the Palenca console.',
    );
  }
  if (key.length > KEY_MAX_LENGTH) {
    return bad(
      'key_too_long',
      'That is too long to be a Palenca API key. Copy only the key from the Palenca console.',
    );
  }
  return ok(key);
}

/** How long the check waits for Palenca. */
export const KEY_CHECK_TIMEOUT_MS = 8000;

/**
 * The check asks once, with a short limit: when the network hangs, the person is offered
 * "save without checking" after seconds, not after the four long tries a search gets.
 */
export const keyCheckTuning = (timeoutMs = KEY_CHECK_TIMEOUT_MS): Partial<ClientTuning> => ({
  attempts: 1,
  timeoutMs,
  waitOutRefusals: false,
});

/** One request, as small as the API allows: page 1, one user, today only. */
export async function verifyKey(client: PalencaClient, now = new Date()): Promise<Result<null>> {
  const today = localDay(now);
  const page = await client.searchUsers({ from: today, to: today, page: 1, perPage: 1 });
  return page.ok ? ok(null) : page;
}
