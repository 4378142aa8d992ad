// Connection attempts ("logins"), derived from the accounts they belong to: each account has
// 1–3 attempts, minutes to hours after its created_at (so on its day or the next). The last
// carries the account's own status and reason; the earlier ones failed or needed the person
// to act, with reasons from Palenca's reference and a few our catalogue does not know (so
// the app's fallback for unknown reasons is exercised), and an unknown status too.
import { hash, hashString, uuidFromWords } from './hash.ts';

/** One attempt exactly as `POST /logins/search` sends it (`status_details` is sometimes absent). */
export interface FakeLogin {
  id: string;
  account_id: string;
  platform: string | null;
  status: string;
  status_details?: string | null;
  source: string;
  message: string | null;
  recommendation: string | null;
  created_at: string;
  updated_at: string;
}

/** What an earlier attempt ended in: `[status, status_details]`. */
const EARLIER: ReadonlyArray<readonly [string, string | null]> = [
  ['requires_auth', 'invalid_credentials'],
  ['error', 'login_refused'],
  ['error', 'platform_unavailable'],
  ['incomplete', 'curp_has_inconsistencies'],
  ['error_otp', null],
  ['created', null],
  ['retry', null],
  ['validation_pending', null],
  ['profile_unavailable', null],
  ['error_credentials', 'invalid_credentials'],
  ['error', 'max_retries_exceeded'],
  ['pending_for_data', null],
  // Reasons and a status this app's catalogue does not know: its fallback must show them.
  ['error', 'document_expired'],
  ['requires_auth', 'account_locked'],
  ['queued_for_review', null],
];

/** Mostly the widget, as in real use. */
const SOURCES = [
  'widget',
  'widget',
  'widget',
  'widget',
  'widget',
  'widget',
  'api',
  'refresh',
  'console',
  'bulk_upload',
];

/** Palenca's own English words, by `status:reason`, then by status. */
const WORDS: Record<string, { message: string; recommendation: string | null }> = {
  success: { message: 'The account was connected successfully.', recommendation: null },
  pending: {
    message: 'Waiting for the platform to answer.',
    recommendation: 'Wait 1 to 10 minutes.',
  },
  'pending:pending_for_data': {
    message: 'Connected; the data is still being retrieved.',
    recommendation: 'Wait 1 to 10 minutes.',
  },
  pending_for_data: {
    message: 'Connected; the data is still being retrieved.',
    recommendation: 'Wait 1 to 10 minutes.',
  },
  created: {
    message: 'The connection attempt was created.',
    recommendation: 'Wait 1 to 10 minutes.',
  },
  retry: {
    message: 'The platform did not answer; the attempt will be retried.',
    recommendation: 'Wait 1 to 10 minutes.',
  },
  validation_pending: {
    message: 'The platform is validating the account.',
    recommendation: 'Wait 1 to 10 minutes.',
  },
  error: {
    message: 'The platform returned an unexpected error.',
    recommendation: 'Contact support or try again.',
  },
  'error:platform_unavailable': {
    message: 'The platform is not available right now.',
    recommendation: 'Try again later.',
  },
  'error:login_refused': {
    message: 'The platform refused the login.',
    recommendation: 'Try again in about 30 minutes.',
  },
  'error:max_retries_exceeded': {
    message: 'Too many attempts were made for this account.',
    recommendation: 'Contact support.',
  },
  'error:document_expired': {
    message: 'The document on file with the platform has expired.',
    recommendation: 'Ask the user to renew their document on the platform.',
  },
  incomplete: {
    message: 'Some data could not be retrieved.',
    recommendation: 'The user needs to take corrective action.',
  },
  'incomplete:curp_has_inconsistencies': {
    message: 'The CURP has inconsistencies.',
    recommendation: 'The user needs to take corrective action.',
  },
  requires_auth: {
    message: 'The person must log in again.',
    recommendation: 'Ask the user to log in again through the widget.',
  },
  'requires_auth:invalid_credentials': {
    message: 'The credentials are not valid.',
    recommendation: 'Ask the user to log in again through the widget.',
  },
  'requires_auth:account_locked': {
    message: 'The platform locked the account after failed logins.',
    recommendation: 'Ask the user to unlock the account on the platform, then connect again.',
  },
  error_credentials: {
    message: 'The credentials are not valid.',
    recommendation: 'Ask the user to log in again through the widget.',
  },
  error_otp: {
    message: 'The one-time code was wrong or expired.',
    recommendation: 'Ask the user to connect again and enter the new code.',
  },
  profile_unavailable: {
    message: 'The platform has no profile for this account.',
    recommendation: 'Check that the user connected the right account.',
  },
  queued_for_review: { message: 'The attempt is queued for review.', recommendation: null },
};

const wordsFor = (status: string, details: string | null) =>
  WORDS[`${status}:${details}`] ?? WORDS[status] ?? { message: null, recommendation: null };

const MINUTE = 60_000;

/** The attempts of one account, oldest first; the last ends as the account is now. */
export function loginsForAccount(seed: number, account: Record<string, unknown>): FakeLogin[] {
  const accountId = String(account.account_id);
  const base = hashString(accountId);
  const h = (...parts: number[]) => hash(seed, base, 0x10c1, ...parts);
  const count = 1 + (h(0) % 3);
  const platform = typeof account.platform === 'string' ? account.platform : null;
  // The first attempt within half an hour; each next one 2 minutes to 6 hours later: at most
  // 12.5 hours in all, so every attempt is on the account's UTC day or the next.
  let at = Date.parse(String(account.created_at)) + (h(1) % 30) * MINUTE;
  return Array.from({ length: count }, (_, j) => {
    if (j > 0) at += (2 + (h(2, j) % 358)) * MINUTE;
    const last = j === count - 1;
    const [status, details] = last
      ? [String(account.status), (account.status_details as string | null | undefined) ?? null]
      : (EARLIER[h(3, j) % EARLIER.length] ?? ['error', null]);
    const words = wordsFor(status, details);
    const login: FakeLogin = {
      id: uuidFromWords(h(4, j), h(5, j), h(6, j), h(7, j)),
      account_id: accountId,
      platform,
      status,
      status_details: details,
      source: SOURCES[h(8, j) % SOURCES.length] ?? 'widget',
      message: words.message,
      recommendation: words.recommendation,
      created_at: new Date(at).toISOString(),
      // Palenca updates an attempt while it runs: seconds to a quarter of an hour.
      updated_at: new Date(at + (1 + (h(9, j) % 900)) * 1000).toISOString(),
    };
    // "When known": a missing reason is sometimes left out rather than null.
    if (details === null && h(10, j) % 3 === 0) delete login.status_details;
    return login;
  });
}

/** Newest first; attempts of the same millisecond in a fixed order. */
export const newestFirst = (a: FakeLogin, b: FakeLogin): number =>
  a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? -1 : 1;
