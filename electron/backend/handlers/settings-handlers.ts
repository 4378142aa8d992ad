import type { CallHandlers } from '../../shared/contract.ts';
import { ok } from '../../shared/result.ts';
import type { BackendContext } from '../context.ts';

export const createSettingsHandlers = (
  ctx: BackendContext,
): Pick<CallHandlers, 'getSettings' | 'updateSettings'> => ({
  getSettings: async () => ok(await ctx.settings.read()),
  updateSettings: async (patch) => {
    // Drop keys the renderer left undefined so they do not wipe stored values.
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const updated = await ctx.settings.update(defined);
    // A new share applies at once, to work already running too.
    if (patch.allowanceShare !== undefined) ctx.setAllowanceShare(updated.allowanceShare);
    return ok(updated);
  },
});
