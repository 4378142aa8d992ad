// The key calls. The renderer sends a key once, to save it; what comes back is at most
// whether a key is stored and its last four characters.
import type { CallHandlers } from '../../shared/contract.ts';
import type { BackendContext } from '../context.ts';
import { keyStatuses } from '../keychain/key-status.ts';
import { saveKey } from '../keychain/save-key.ts';

export const createKeyHandlers = (
  ctx: BackendContext,
): Pick<CallHandlers, 'getKeyStatuses' | 'saveKey' | 'removeKey'> => ({
  getKeyStatuses: () => keyStatuses(ctx.keyStore),
  saveKey: async (args) => {
    const saved = await saveKey(ctx, args);
    // A new key may be another organisation's, with an allowance of its own.
    if (saved.ok) ctx.forgetAllowance(args.environment);
    return saved;
  },
  removeKey: async ({ environment }) => {
    const removed = await ctx.keyStore.delete(environment);
    if (!removed.ok) return removed;
    ctx.forgetAllowance(environment);
    ctx.log.info(`key removed for ${environment}`);
    return keyStatuses(ctx.keyStore);
  },
});
