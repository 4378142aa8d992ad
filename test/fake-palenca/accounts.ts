// A user's connected accounts, derived from a per-user number: 0–4 accounts, some fields
// left out (the contract says they appear only "when known"). `status_details` holds a
// reason code as Palenca's do; Palenca's own English words (`message`, `recommendation`,
// `warning`, `next_step`) come only with one account (`GET /accounts/{id}`, accountDetails).
import { epochDayToMs, parseDay } from './days.ts';
import { hash, hashString, uuidFromWords } from './hash.ts';

const PLATFORMS = ['uber', 'didi', 'imss', 'rappi', 'cabify', 'indriver', 'ifood', 'beat'];
const COUNTRIES = ['mx', 'co', 'br'];
const STATUSES = ['success', 'pending', 'error', 'incomplete', 'requires_auth'];
/** The reasons each status may carry (null: none), as Palenca's API reference lists them. */
const STATUS_DETAILS: Record<string, ReadonlyArray<string | null>> = {
  success: [null],
  pending: [null, 'pending_for_data'],
  error: ['platform_unavailable', 'max_retries_exceeded', 'login_refused'],
  incomplete: ['curp_has_inconsistencies', null],
  requires_auth: ['invalid_credentials'],
};
/** Palenca's own words per status: English, as the API sends them. */
const WORDS: Record<
  string,
  { message: string; recommendation: string | null; next_step: string | null }
> = {
  success: {
    message: 'The account was connected successfully.',
    recommendation: null,
    next_step: null,
  },
  pending: {
    message: 'Waiting for the platform to answer.',
    recommendation: 'Wait 1 to 10 minutes.',
    next_step: 'wait',
  },
  error: {
    message: 'The platform returned an unexpected error.',
    recommendation: 'Contact support or try again.',
    next_step: 'retry',
  },
  incomplete: {
    message: 'Some data could not be retrieved.',
    recommendation: 'The user needs to take corrective action.',
    next_step: 'user_action',
  },
  requires_auth: {
    message: 'The person must log in again.',
    recommendation: 'Ask the user to log in again through the widget.',
    next_step: 'login',
  },
};
const WARNINGS = ['fleet_account', 'rider_account', 'not_registered'];

export function accountsFor(seed: number, userHash: number, createdDay: string) {
  const count = hash(seed, userHash, 0) % 5;
  const created = epochDayToMs(parseDay(createdDay) ?? 0);
  return Array.from({ length: count }, (_, k) => {
    const h = (n: number) => hash(seed, userHash, k + 1, n);
    const status = STATUSES[h(3) % STATUSES.length] ?? 'pending';
    const createdAt = new Date(created + (h(4) % 86_400) * 1000);
    const details = STATUS_DETAILS[status] ?? [null];
    const account: Record<string, unknown> = {
      account_id: uuidFromWords(h(10), h(11), h(12), h(13)),
      platform: PLATFORMS[h(1) % PLATFORMS.length],
      country: COUNTRIES[h(2) % COUNTRIES.length],
      identifier: `rider${h(5) % 100_000}@example.invalid`,
      worker_id: `W-${(h(6) % 1_000_000).toString().padStart(6, '0')}`,
      status,
      status_details: details[h(15) % details.length] ?? null,
      last_successful_connection:
        status === 'success'
          ? new Date(createdAt.getTime() + (h(7) % 30) * 86_400_000).toISOString()
          : null,
      created_at: createdAt.toISOString(),
    };
    // Optional fields are sometimes absent rather than null, as "when known" allows.
    if (h(8) % 4 === 0) delete account.identifier;
    if (h(9) % 5 === 0) delete account.worker_id;
    if (h(14) % 6 === 0) delete account.status_details;
    return account;
  });
}

/** One account as `GET /accounts/{id}` gives it: the list's fields and Palenca's own words. */
export function accountDetails(seed: number, account: Record<string, unknown>) {
  const status = String(account.status);
  const words = WORDS[status] ?? { message: null, recommendation: null, next_step: null };
  const h = hash(seed, hashString(String(account.account_id)));
  return {
    ...account,
    message: words.message,
    recommendation: words.recommendation,
    warning: h % 4 === 0 ? (WARNINGS[h % WARNINGS.length] ?? null) : null,
    next_step: words.next_step,
  };
}
