// Looks one external ID up: one users search over "All time" (a users search needs dates), and
// with statuses one accounts request for the newest of its users. Background priority: the
// environment's governor paces it within the app's share and lets interactive calls go first.
import { readAccountStatus } from '#common/account-status.ts';
import { ALL_TIME_FROM, localDay } from '#common/days.ts';
import type { ReconcileAccount, ReconcileRow } from '#common/models.ts';
import { ok, type Result } from '#common/result.ts';
import type { PalencaClient } from '../palenca/client.ts';

/** Users of one external ID kept; more than one is already rare (an ID used twice). */
export const USERS_PER_ID = 50;

export interface LookUpOptions {
  withStatus: boolean;
  signal: AbortSignal;
  /** The last day searched, YYYY-MM-DD; default the local calendar day. */
  today?: string;
}

export async function lookUpId(
  client: PalencaClient,
  externalId: string,
  options: LookUpOptions,
): Promise<Result<ReconcileRow>> {
  const call = { signal: options.signal, priority: 'background' as const };
  const page = await client.searchUsers(
    {
      from: ALL_TIME_FROM,
      to: options.today ?? localDay(new Date()),
      externalId,
      page: 1,
      perPage: USERS_PER_ID,
    },
    call,
  );
  if (!page.ok) return page;
  const users = page.value.users;
  const found = page.value.pagination.total_items > 0;
  const first = users[0];
  const row: ReconcileRow = {
    externalId,
    found,
    userIds: users.map((user) => user.user_id),
    widgetId: first?.widget_id ?? null,
    accounts: null,
  };
  if (!options.withStatus) return ok(row);
  if (!first) return ok({ ...row, accounts: [] });
  const accounts = await client.getUserAccounts(first.user_id, call);
  if (!accounts.ok) {
    // The user went between the two requests: it has no accounts any more.
    if (accounts.error.code === 'not_found') return ok({ ...row, accounts: [] });
    return accounts;
  }
  return ok({ ...row, accounts: accounts.value.accounts.map(groupedAccount) });
}

const groupedAccount = (account: {
  platform: string | null;
  status: string | null;
  status_details: string | null;
}): ReconcileAccount => ({
  platform: account.platform,
  group: readAccountStatus(account.status, account.status_details).group,
});
