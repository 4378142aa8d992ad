// The key calls. The renderer sends a key once, to save it; what comes back is at most
// whether a key is stored, its last four characters, and whether it is still unchecked.
import type { CallHandlers } from '../../shared/contract.ts';
import type { Environment, KeyStatuses } from '../../shared/models.ts';
import type { Result } from '../../shared/result.ts';
import type { BackendContext } from '../context.ts';
import { keyStatuses } from '../keychain/key-status.ts';
import { explainRefusedKey, saveKey } from '../keychain/save-key.ts';

export const createKeyHandlers = (
  ctx: BackendContext,
): Pick<CallHandlers, 'getKeyStatuses' | 'saveKey' | 'removeKey'> => {
  /** The keychain's statuses, with the "not yet checked" mark from the settings. */
  const statuses = async (): Promise<Result<KeyStatuses>> => {
    const read = await keyStatuses(ctx.keyStore);
    return read.ok ? { ok: true, value: await ctx.uncheckedKeys.mark(read.value) } : read;
  };

  /** The mark is a convenience: a settings file that cannot be written does not undo a save. */
  const remember = async (environment: Environment, unchecked: boolean) => {
    try {
      await ctx.uncheckedKeys.set(environment, unchecked);
    } catch (error) {
      ctx.log.warn(`could not note whether the ${environment} key was checked`, error);
    }
  };

  return {
    getKeyStatuses: statuses,
    saveKey: async (args) => {
      const saved = await saveKey(ctx, args);
      if (!saved.ok) {
        // Refused: maybe a key of the other environment (one more request, only now).
        return saved.error.code === 'invalid_key' && !args.skipCheck
          ? explainRefusedKey(ctx, args, saved)
          : saved;
      }
      // A new key may be another organisation's, with an allowance of its own.
      ctx.forgetAllowance(args.environment);
      await remember(args.environment, !saved.value.verified);
      return saved;
    },
    removeKey: async ({ environment }) => {
      const removed = await ctx.keyStore.delete(environment);
      if (!removed.ok) return removed;
      ctx.forgetAllowance(environment);
      await remember(environment, false);
      ctx.log.info(`key removed for ${environment}`);
      return statuses();
    },
  };
};
