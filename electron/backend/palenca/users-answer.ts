// Reads Palenca's answer to POST /users/search: the shape checked field by field, only the
// known fields kept (extra ones are dropped), a missing or null external id read as null.
//
// Hand-written rather than a zod schema because an export reads this answer 6,700 times for
// a million users. A schema parse builds several short-lived objects per field; V8 promotes
// many of them to the old generation before they die, and the heap an export keeps grows with
// its length. This reader makes one object per user and nothing else.
import type { Pagination, PalencaUser, UsersPage } from '#common/models.ts';
import { ok, type Result } from '#common/result.ts';

/** What was wrong, as `path: problem` (at most three), for the error's detail. */
export type AnswerIssues = { issues: string };

const MAX_ISSUES = 3;

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

type Problem = (path: string, expected: string, got: unknown) => void;

const COUNTS = ['page', 'items_per_page', 'total_items', 'total_pages'] as const;

export function readUsersAnswer(json: unknown): Result<UsersPage> | AnswerIssues {
  if (!isFields(json)) return { issues: `(root): expected object, received ${describe(json)}` };
  const issues: string[] = [];
  const problem: Problem = (path, expected, got) => {
    issues.push(`${path}: expected ${expected}, received ${describe(got)}`);
  };

  if (json.success !== true) problem('success', 'true', json.success);
  const { data, pagination } = json;
  let users: PalencaUser[] = [];
  if (!isFields(data)) problem('data', 'object', data);
  else if (!Array.isArray(data.users)) problem('data.users', 'array', data.users);
  else users = readUsers(data.users, problem, () => issues.length >= MAX_ISSUES);
  if (!isFields(pagination)) problem('pagination', 'object', pagination);
  else {
    for (const name of COUNTS) {
      const value = pagination[name];
      if (!isCount(value)) problem(`pagination.${name}`, 'a whole number >= 0', value);
    }
  }

  if (issues.length > 0) return { issues: issues.slice(0, MAX_ISSUES).join('; ') };
  const counts = pagination as Fields & Pagination;
  return ok({
    users,
    pagination: {
      page: counts.page,
      items_per_page: counts.items_per_page,
      total_items: counts.total_items,
      total_pages: counts.total_pages,
    },
  });
}

function readUsers(raw: unknown[], problem: Problem, enough: () => boolean): PalencaUser[] {
  const users = new Array<PalencaUser>(raw.length);
  for (let i = 0; i < raw.length && !enough(); i++) {
    const user = raw[i];
    if (!isFields(user)) {
      problem(`data.users.${i}`, 'object', user);
      continue;
    }
    const { user_id, external_id, widget_id } = user;
    // Paths are built only for a problem: this loop runs for every exported user.
    if (typeof user_id !== 'string') problem(`data.users.${i}.user_id`, 'string', user_id);
    if (typeof widget_id !== 'string') problem(`data.users.${i}.widget_id`, 'string', widget_id);
    if (external_id !== undefined && external_id !== null && typeof external_id !== 'string') {
      problem(`data.users.${i}.external_id`, 'string or null', external_id);
    }
    users[i] = {
      user_id: user_id as string,
      external_id: typeof external_id === 'string' ? external_id : null,
      widget_id: widget_id as string,
    };
  }
  return users;
}

/**
 * How one page contradicts itself or the request, or null. No change to the list between two
 * requests can explain any of these (they are all within one answer), so they are Palenca's
 * answer being inconsistent, never the person's input nor users being added or removed:
 * - more users than the `perPage` asked for;
 * - more users than the answer's own `items_per_page`, or than its own `total_items`;
 * - an `items_per_page` above what was asked (the exporter numbers pages by it, and would
 *   then ask for pages larger than Palenca allows).
 * A page with fewer users than its total implies is not judged here: between the count and
 * the page, a user may really have gone. The exporter decides that across answers.
 */
export function inconsistencyOf(page: UsersPage, perPage: number): string | null {
  const { users, pagination } = page;
  const count = users.length;
  if (count > perPage) return `${count} users on a page of at most ${perPage} asked for`;
  if (count > pagination.items_per_page) {
    return `${count} users on a page whose items_per_page says ${pagination.items_per_page}`;
  }
  if (count > pagination.total_items) {
    return `${count} users on a page whose total_items says ${pagination.total_items}`;
  }
  if (pagination.items_per_page > perPage) {
    return `items_per_page ${pagination.items_per_page}, more than the ${perPage} asked for`;
  }
  return null;
}
