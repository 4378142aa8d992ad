// Checks a search before anything is sent: bad input never reaches the network.
import { isCalendarDay } from '#common/days.ts';
import { MAX_EXTERNAL_ID_LENGTH } from '#common/models.ts';
import { fail, ok, type Result } from '#common/result.ts';
import { type ApiDateWindow, toApiDateWindow } from './date-window.ts';

export const MAX_PER_PAGE = 150;
/**
 * The highest page asked for: 100,000 pages of 150 is 15 million users, far past any real
 * window, and the bound keeps a number from reaching 2^53, where it would silently round.
 */
export const MAX_PAGE = 100_000;
export const MAX_USER_ID_LENGTH = 200;

export interface SearchInput {
  from: string;
  to: string;
  externalId?: string | undefined;
  page: number;
  perPage: number;
}

/** The JSON body of `POST /users/search`. */
export interface SearchBody extends ApiDateWindow {
  external_id?: string;
  options: { items_per_page: number; page: number };
}

/** The JSON body of `POST /logins/search`: the same window and paging, no external ID. */
export interface LoginsBody extends ApiDateWindow {
  options: { items_per_page: number; page: number };
}

/** A logins search is checked as a users search is (same window, same paging bounds). */
export function checkLoginsInput(input: Omit<SearchInput, 'externalId'>): Result<LoginsBody> {
  const checked = checkSearchInput(input, 'connection attempts');
  if (!checked.ok) return checked;
  const { start_date, end_date, options } = checked.value;
  return ok({ start_date, end_date, options });
}

export function checkSearchInput(input: SearchInput, items = 'users'): Result<SearchBody> {
  const { from, to, page, perPage } = input;
  if (typeof from !== 'string' || !isCalendarDay(from)) {
    return fail('bad_request', 'The From date is not a real calendar day (use YYYY-MM-DD).', {
      field: 'from',
    });
  }
  if (typeof to !== 'string' || !isCalendarDay(to)) {
    return fail('bad_request', 'The To date is not a real calendar day (use YYYY-MM-DD).', {
      field: 'to',
    });
  }
  if (from > to) {
    return fail('bad_request', 'The From date must be on or before the To date.', {
      field: 'from',
    });
  }
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    return fail(
      'bad_request',
      `The number of ${items} per page must be a whole number from 1 to ${MAX_PER_PAGE}.`,
      { field: 'perPage' },
    );
  }
  if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) {
    return fail(
      'bad_request',
      `The page number must be a whole number from 1 to ${MAX_PAGE.toLocaleString('en-US')}.`,
      { field: 'page' },
    );
  }
  if (input.externalId !== undefined && typeof input.externalId !== 'string') {
    return fail('bad_request', 'The external ID must be text.', { field: 'externalId' });
  }
  // Sent exactly as given: an external ID may really start or end with a space or a tab, and
  // trimming it would find nobody. Only the page trims, and says so (DateFilters.svelte).
  const externalId = input.externalId ?? '';
  if (externalId.length > MAX_EXTERNAL_ID_LENGTH) {
    return fail(
      'bad_request',
      `The external ID is too long (at most ${MAX_EXTERNAL_ID_LENGTH} characters).`,
      { field: 'externalId' },
    );
  }
  return ok({
    ...toApiDateWindow({ from, to }),
    ...(externalId ? { external_id: externalId } : {}),
    options: { items_per_page: perPage, page },
  });
}

/**
 * Palenca's ids are UUIDs; letters, digits, `-` and `_` leave room for any other id format
 * it may use while keeping every character that could end or re-shape a URL path (`/ \ . %
 * ? #`, spaces, control and invisible characters) out: `/users/../accounts` would reach
 * another endpoint with the key. An allow-list, so nothing unforeseen slips through.
 */
const ID_SEGMENT = /^[A-Za-z0-9_-]+$/;

/** A user id as a path segment, or `bad_request` when it cannot be one. */
export function checkUserId(userId: string): Result<string> {
  return checkIdSegment(userId, {
    field: 'userId',
    missing: 'The user ID is missing or too long.',
    invalid: 'This is not a valid user ID. Copy it again from the list.',
  });
}

/** An account id as a path segment (`/accounts/{id}`), checked as a user id is. */
export function checkAccountId(accountId: string): Result<string> {
  return checkIdSegment(accountId, {
    field: 'accountId',
    missing: 'The account ID is missing or too long.',
    invalid: 'This is not a valid account ID.',
  });
}

function checkIdSegment(
  id: string,
  words: { field: string; missing: string; invalid: string },
): Result<string> {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_USER_ID_LENGTH) {
    return fail('bad_request', words.missing, { field: words.field });
  }
  if (!ID_SEGMENT.test(id)) return fail('bad_request', words.invalid, { field: words.field });
  return ok(id);
}
