// The accounts columns of an export (`withAccounts`): each user's accounts in one line, from
// one request per user. Requests go at background priority (the governor paces them within
// the app's share), a few at a time (work-pool.ts), and each user is asked once per export:
// a pass that starts over finds the answers it already had.
import {
  ACCOUNT_STATUS_GROUPS,
  type AccountStatusGroup,
  readAccountStatus,
} from '#common/account-status.ts';
import type { PalencaAccount } from '#common/models.ts';
import { ok, type Result } from '#common/result.ts';
import type { PalencaClient } from '../palenca/client.ts';
import { workThrough } from '../work-pool.ts';
import { CANCELLED } from './pass-outcome.ts';
import type { AccountsSummary } from './row-sink.ts';

/**
 * How each group reads in a file: words a spreadsheet reader understands without the app
 * (the panel's "Needs action" is the group `action`), stable so a filter in Excel keeps working.
 */
export const GROUP_IN_FILE: Record<AccountStatusGroup, string> = {
  connected: 'connected',
  action: 'needs action',
  waiting: 'waiting',
  failed: 'failed',
  unknown: 'unknown',
};

/** Accounts requests in flight; as Reconcile's lookups. */
export const ACCOUNTS_CONCURRENCY = 3;

export function summariseAccounts(accounts: readonly PalencaAccount[]): AccountsSummary {
  const platforms = new Set<string>();
  const groups = new Set<AccountStatusGroup>();
  let newest: { at: number; text: string } | null = null;
  for (const account of accounts) {
    const platform = account.platform?.trim();
    if (platform) platforms.add(platform);
    groups.add(readAccountStatus(account.status, account.status_details).group);
    const text = account.last_successful_connection;
    // Compared as instants: Palenca's texts may differ in offset or precision.
    const at = text ? Date.parse(text) : Number.NaN;
    if (text && !Number.isNaN(at) && (newest === null || at > newest.at)) newest = { at, text };
  }
  return {
    accounts: accounts.length,
    platforms: [...platforms].sort().join(', '),
    status: ACCOUNT_STATUS_GROUPS.filter((group) => groups.has(group))
      .map((group) => GROUP_IN_FILE[group])
      .join(', '),
    lastSuccessfulConnection: newest?.text ?? null,
  };
}

/** What the fetcher asks of the client. */
export type AccountsClient = Pick<PalencaClient, 'getUserAccounts'>;

/**
 * Each user's summary, asked once per export: `load` before a page's rows are written, then
 * `summaryOf` for each row. A user Palenca no longer has (404: deleted meanwhile) has empty
 * cells; any other failure, after the client's own retries, is the export's failure.
 */
export class AccountsFetcher {
  /** null: the user is gone (empty cells). */
  readonly #known = new Map<string, AccountsSummary | null>();
  readonly #client: AccountsClient;
  readonly #concurrency: number;
  #requests = 0;

  constructor(client: AccountsClient, concurrency = ACCOUNTS_CONCURRENCY) {
    this.#client = client;
    this.#concurrency = concurrency;
  }

  /** Accounts requests made so far (a retry inside the client counts once). */
  get requests(): number {
    return this.#requests;
  }

  has(userId: string): boolean {
    return this.#known.has(userId);
  }

  /** Asks for every user not known yet; resolves once all answered, or on the first failure. */
  async load(userIds: readonly string[], signal: AbortSignal): Promise<Result<null>> {
    const todo = [...new Set(userIds)].filter((id) => !this.#known.has(id));
    if (todo.length === 0) return ok(null);
    const end = await workThrough(
      todo,
      { concurrency: this.#concurrency, signal },
      async (userId, stop) => {
        this.#requests++;
        const answer = await this.#client.getUserAccounts(userId, {
          signal: stop,
          priority: 'background',
        });
        if (answer.ok) {
          this.#known.set(userId, summariseAccounts(answer.value.accounts));
          return ok(null);
        }
        // Deleted between the page and this request: nothing to summarise.
        if (answer.error.code === 'not_found') {
          this.#known.set(userId, null);
          return ok(null);
        }
        return answer;
      },
    );
    if (!end.ok) return end;
    if (end.value === 'stopped') return { ok: false, error: CANCELLED };
    return ok(null);
  }

  /** A loaded user's summary; undefined for a user that is gone (or was never loaded). */
  summaryOf(userId: string): AccountsSummary | undefined {
    return this.#known.get(userId) ?? undefined;
  }
}
