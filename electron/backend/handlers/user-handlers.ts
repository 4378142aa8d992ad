// The interactive calls: a page of users, a user's accounts, one account's details or its
// owner (only when the person opens them: one request each). Each may be given a request id,
// so the person can cancel it while it waits (for Palenca, or for its allowance); each gives
// up after the client's answer deadline.
import type { CallHandlers } from '#common/contract.ts';
import { ok, type Result } from '#common/result.ts';
import type { BackendContext } from '../context.ts';
import type { CallOptions, PalencaClient } from '../palenca/client.ts';
import { CancellableRuns } from './cancellable-runs.ts';

export const createUserHandlers = (
  ctx: BackendContext,
): Pick<
  CallHandlers,
  'searchUsers' | 'getUserAccounts' | 'getAccountDetails' | 'getAccountUser' | 'cancelRequest'
> => {
  const runs = new CancellableRuns(ctx.stopping);

  /** Runs one call, cancellable by `requestId` from the moment it arrives. */
  const cancellable = async <T>(
    requestId: string | undefined,
    run: (client: PalencaClient, options: CallOptions) => Promise<Result<T>>,
    environment: Parameters<BackendContext['clientFor']>[0],
  ): Promise<Result<T>> => {
    const controller = runs.start(requestId);
    try {
      const client = await ctx.clientFor(environment);
      if (!client.ok) return client;
      // Someone is looking at the screen: after about 20 s without an answer it gives up.
      return await run(client.value, { signal: controller.signal, deadline: true });
    } finally {
      runs.end(requestId, controller);
    }
  };

  return {
    searchUsers: ({ environment, requestId, ...query }) =>
      cancellable(requestId, (client, options) => client.searchUsers(query, options), environment),
    getUserAccounts: ({ environment, userId, requestId }) =>
      cancellable(
        requestId,
        (client, options) => client.getUserAccounts(userId, options),
        environment,
      ),
    getAccountDetails: ({ environment, accountId, requestId }) =>
      cancellable(
        requestId,
        (client, options) => client.getAccount(accountId, options),
        environment,
      ),
    getAccountUser: ({ environment, accountId, requestId }) =>
      cancellable(
        requestId,
        (client, options) => client.getAccountUser(accountId, options),
        environment,
      ),
    cancelRequest: async ({ requestId }) => {
      runs.cancel(requestId);
      return ok(null);
    },
  };
};
