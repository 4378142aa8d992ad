// The one definition of how a Palenca account's `status` and `status_details` read for people:
// which of four groups it is in, and which entry of our own catalogue explains it and says
// what to do next. Every view that shows an account's state uses this, so they agree.
//
// Palenca's docs name four statuses; its published spec has more, and values it adds later
// occur: those land in `unknown` and are shown as sent.

/**
 * - `connected`: nothing to do;
 * - `action`: the person who connected must do something (log in again, fix their data);
 * - `waiting`: Palenca or the platform is still working: wait;
 * - `failed`: it did not work, and waiting will not fix it;
 * - `unknown`: no status, or one this app does not know yet.
 */
export const ACCOUNT_STATUS_GROUPS = [
  'connected',
  'action',
  'waiting',
  'failed',
  'unknown',
] as const;
export type AccountStatusGroup = (typeof ACCOUNT_STATUS_GROUPS)[number];

/** Every status this app knows, with its group. */
const STATUS_GROUP = {
  success: 'connected',
  incomplete: 'action',
  requires_auth: 'action',
  error_credentials: 'action',
  error_otp: 'action',
  pending: 'waiting',
  created: 'waiting',
  retry: 'waiting',
  pending_for_data: 'waiting',
  validation_pending: 'waiting',
  error: 'failed',
  profile_unavailable: 'failed',
} as const satisfies Record<string, AccountStatusGroup>;

/**
 * Reasons in `status_details` that say more than the status: they decide the group (an
 * `error` because of a wrong password is for the person to fix, not a failure).
 */
const DETAIL_GROUP = {
  invalid_credentials: 'action',
  // Common with Uber: the person tries again in about 30 minutes.
  login_refused: 'action',
  curp_has_inconsistencies: 'action',
  platform_unavailable: 'failed',
  max_retries_exceeded: 'failed',
} as const satisfies Record<string, AccountStatusGroup>;

export type KnownStatus = keyof typeof STATUS_GROUP;
export type KnownDetail = keyof typeof DETAIL_GROUP;

/** Every key of our explanation catalogue: a known detail, a known status, or `unknown`. */
export type AccountStatusReason = KnownDetail | KnownStatus | 'unknown';
export const ACCOUNT_STATUS_REASONS: readonly AccountStatusReason[] = [
  ...(Object.keys(DETAIL_GROUP) as KnownDetail[]),
  ...(Object.keys(STATUS_GROUP) as KnownStatus[]),
  'unknown',
];

export interface AccountStatusReading {
  group: AccountStatusGroup;
  /** Which explanation and next step of our catalogue fit. */
  reason: AccountStatusReason;
}

const isKnownStatus = (value: string): value is KnownStatus => Object.hasOwn(STATUS_GROUP, value);
const isKnownDetail = (value: string): value is KnownDetail => Object.hasOwn(DETAIL_GROUP, value);

/** Palenca sends lower-case codes; anything else is compared the same way, trimmed. */
const normalise = (value: string | null | undefined): string => (value ?? '').trim().toLowerCase();

/**
 * How an account's state reads for people. A connected account stays connected whatever
 * its details say; otherwise a known detail speaks first, then the status.
 */
export function readAccountStatus(
  status: string | null | undefined,
  statusDetails: string | null | undefined,
): AccountStatusReading {
  const s = normalise(status);
  const d = normalise(statusDetails);
  if (s === 'success') return { group: 'connected', reason: 'success' };
  if (isKnownDetail(d)) return { group: DETAIL_GROUP[d], reason: d };
  if (isKnownStatus(s)) return { group: STATUS_GROUP[s], reason: s };
  return { group: 'unknown', reason: 'unknown' };
}
