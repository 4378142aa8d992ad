// Runtime shapes of Palenca's answers; the users page has its own reader (users-answer.ts).
// Extra fields are ignored (z.object strips them); a missing required field fails the parse
// and becomes `bad_response`.
import { z } from 'zod';
import type {
  AccountDetails,
  LoginsPage,
  PalencaAccount,
  PalencaUser,
  UserAccounts,
} from '#common/models.ts';

/** A field that may be missing or null, read as null. */
const maybeText = z
  .string()
  .nullish()
  .transform((value) => value ?? null);

const account = z.object({
  account_id: z.string(),
  platform: maybeText,
  country: maybeText,
  identifier: maybeText,
  worker_id: maybeText,
  status: maybeText,
  status_details: maybeText,
  last_successful_connection: maybeText,
  created_at: maybeText,
});

/**
 * Palenca's `warning`: documented as one word (`banned`, `fleet_account`); a list of them is
 * read too, joined, since the docs and the spec disagree in places.
 */
const warningText = z
  .union([z.string(), z.array(z.string())])
  .nullish()
  .transform((value) => (Array.isArray(value) ? value.join(', ') || null : (value ?? null)));

/** `GET /accounts/{id}`: one account, with Palenca's own English words about it. */
export const accountAnswer = z.object({
  success: z.literal(true),
  data: account.extend({
    message: maybeText,
    recommendation: maybeText,
    warning: warningText,
    next_step: maybeText,
  }),
});

export const toAccountDetails = (answer: z.infer<typeof accountAnswer>): AccountDetails =>
  answer.data satisfies AccountDetails;

export const accountsAnswer = z.object({
  success: z.literal(true),
  data: z.object({ user_id: z.string(), accounts: z.array(account) }),
});

/** Palenca's own error envelope: `{ success: false, error: { code, message, errors } }`. */
export const errorEnvelope = z.object({
  success: z.literal(false),
  error: z.object({
    code: z.string(),
    message: z.string().nullish(),
    errors: z
      .array(z.object({ message: z.string().nullish(), location: z.string().nullish() }))
      .nullish(),
  }),
});

/** FastAPI's request-validation answer. */
export const validationDetail = z.object({
  detail: z.array(
    z.object({
      loc: z.array(z.union([z.string(), z.number()])),
      msg: z.string(),
      type: z.string().optional(),
    }),
  ),
});

export type ErrorEnvelope = z.infer<typeof errorEnvelope>;
export type ValidationDetail = z.infer<typeof validationDetail>;

export const toUserAccounts = (answer: z.infer<typeof accountsAnswer>): UserAccounts => ({
  user_id: answer.data.user_id,
  accounts: answer.data.accounts satisfies PalencaAccount[],
});

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** One connection attempt: only `id` and `account_id` are required; the rest read as null. */
const login = z.object({
  id: z.string(),
  account_id: z.string(),
  platform: maybeText,
  status: maybeText,
  status_details: maybeText,
  source: maybeText,
  message: maybeText,
  recommendation: maybeText,
  created_at: maybeText,
  updated_at: maybeText,
});

/** `POST /logins/search`: a page of attempts, paged as users/search is. */
export const loginsAnswer = z.object({
  success: z.literal(true),
  data: z.object({ logins: z.array(login) }),
  pagination: z.object({
    page: count,
    items_per_page: count,
    total_items: count,
    total_pages: count,
  }),
});

export const toLoginsPage = (answer: z.infer<typeof loginsAnswer>): LoginsPage => ({
  logins: answer.data.logins,
  pagination: answer.pagination,
});

/** `GET /accounts/{id}/user`: the user who owns the account. */
export const accountUserAnswer = z.object({
  success: z.literal(true),
  data: z.object({
    user_id: z.string(),
    external_id: maybeText,
    widget_id: z.string(),
  }),
});

export const toPalencaUser = (answer: z.infer<typeof accountUserAnswer>): PalencaUser =>
  answer.data;
