import type { CallHandlers } from '../../shared/contract.ts';
import type { BackendContext } from '../context.ts';

export const createUserHandlers = (
  ctx: BackendContext,
): Pick<CallHandlers, 'searchUsers' | 'getUserAccounts'> => ({
  searchUsers: async ({ environment, ...query }) => {
    const client = await ctx.clientFor(environment);
    if (!client.ok) return client;
    return client.value.searchUsers(query);
  },
  getUserAccounts: async ({ environment, userId }) => {
    const client = await ctx.clientFor(environment);
    if (!client.ok) return client;
    return client.value.getUserAccounts(userId);
  },
});
