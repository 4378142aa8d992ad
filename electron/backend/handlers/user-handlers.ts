// The interactive calls: a page of users, a user's accounts. Each may be given a request id,
// so the person can cancel it while it waits for Palenca's allowance.
import type { CallHandlers } from '../../shared/contract.ts';
import { ok, type Result } from '../../shared/result.ts';
import type { BackendContext } from '../context.ts';
import { type LinkedAbort, linkedAbort } from '../linked-abort.ts';
import type { CallOptions, PalencaClient } from '../palenca/client.ts';

export const createUserHandlers = (
  ctx: BackendContext,
): Pick<CallHandlers, 'searchUsers' | 'getUserAccounts' | 'cancelRequest'> => {
  const running = new Map<string, LinkedAbort>();

  /** Runs one call, cancellable by `requestId` from the moment it arrives. */
  const cancellable = async <T>(
    requestId: string | undefined,
    run: (client: PalencaClient, options: CallOptions) => Promise<Result<T>>,
    environment: Parameters<BackendContext['clientFor']>[0],
  ): Promise<Result<T>> => {
    const controller = linkedAbort(ctx.stopping);
    if (requestId) {
      running.get(requestId)?.abort();
      running.set(requestId, controller);
    }
    try {
      const client = await ctx.clientFor(environment);
      if (!client.ok) return client;
      return await run(client.value, { signal: controller.signal });
    } finally {
      controller.dispose();
      if (requestId && running.get(requestId) === controller) running.delete(requestId);
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
    cancelRequest: async ({ requestId }) => {
      running.get(requestId)?.abort();
      return ok(null);
    },
  };
};
