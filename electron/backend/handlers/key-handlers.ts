// The key calls. The renderer sends a key once, to save it; what comes back is at most
// whether a key is stored, its last four characters, and whether it is still unchecked.
// Replacing or removing a stored key needs the person's yes in main's own dialog
// (PlatformBridge.confirmKeyChange), so a page gone wrong cannot change it silently.
import type { CallHandlers } from '#common/contract.ts';
import type { Environment, KeyStatuses } from '#common/models.ts';
import { fail, type Result } from '#common/result.ts';
import type { BackendContext } from '../context.ts';
import { keyStatuses } from '../keychain/key-status.ts';
import { explainRefusedKey, saveKey } from '../keychain/save-key.ts';
import type { KeyChange } from '../platform.ts';

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

  /** The person's answer; with nobody to ask, the stored key stays as it is. */
  const personAgrees = (kind: KeyChange, environment: Environment): Promise<boolean> =>
    ctx.platform.confirmKeyChange?.(kind, environment) ?? Promise.resolve(false);

  return {
    getKeyStatuses: statuses,
    saveKey: async (args) => {
      const saved = await saveKey(
        { ...ctx, confirmReplace: (environment) => personAgrees('replace', environment) },
        args,
      );
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
      const stored = await ctx.keyStore.has(environment);
      if (!stored.ok) return stored;
      // Nothing stored (removed outside the app, say): nothing to ask about or remove.
      if (!stored.value) {
        await remember(environment, false);
        return statuses();
      }
      if (!(await personAgrees('remove', environment))) {
        ctx.log.info(`removing the ${environment} key was declined; the key is kept`);
        return fail('cancelled', 'The stored key was kept.');
      }
      const removed = await ctx.keyStore.delete(environment);
      if (!removed.ok) return removed;
      ctx.forgetAllowance(environment);
      await remember(environment, false);
      ctx.log.info(`key removed for ${environment}`);
      return statuses();
    },
  };
};
