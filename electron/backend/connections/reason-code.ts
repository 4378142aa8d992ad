// How an attempt that did not connect is filed among the reasons: by what Palenca said in
// `status_details` (its reason), or by its `status` when it gave no details; and which entry
// of our catalogue explains that code, if any.
import { ACCOUNT_STATUS_REASONS, type AccountStatusReason } from '#common/account-status.ts';

/** Lower case and trimmed, as account-status.ts compares codes. */
const normalise = (value: string | null | undefined): string => (value ?? '').trim().toLowerCase();

/** The reason code of an attempt: its details, or its status; `''` when it has neither. */
export function reasonCodeOf(status: string | null, statusDetails: string | null): string {
  const details = normalise(statusDetails);
  return details !== '' ? details : normalise(status);
}

/**
 * Our catalogue's entry for a code, `unknown` when it has none. `success` is the catalogue's
 * word for a connected account: as the reason an attempt did not connect it explains
 * nothing, so it reads as unknown too.
 */
export function catalogueReason(code: string): AccountStatusReason {
  return code !== 'success' && (ACCOUNT_STATUS_REASONS as readonly string[]).includes(code)
    ? (code as AccountStatusReason)
    : 'unknown';
}
