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
    return ok(await ctx.settings.update(defined));
  },
});
