// The settings calls, and the restart a new language asks for.
import type { CallHandlers } from '#common/contract.ts';
import { fail, ok } from '#common/result.ts';
import type { BackendContext } from '../context.ts';

export const createSettingsHandlers = (
  ctx: BackendContext,
  exportRunning: () => boolean,
): Pick<CallHandlers, 'getSettings' | 'updateSettings' | 'restartApp'> => ({
  getSettings: async () => ok(await ctx.settings.read()),
  updateSettings: async (patch) => {
    // Drop keys the renderer left undefined so they do not wipe stored values.
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const updated = await ctx.settings.update(defined);
    // A new share applies at once, to work already running too.
    if (patch.allowanceShare !== undefined) ctx.setAllowanceShare(updated.allowanceShare);
    ctx.onSettingsChanged?.(updated);
    return ok(updated);
  },
  // Chromium reads its language (date fields, the spelling of native controls) once, at start.
  async restartApp() {
    if (exportRunning()) {
      return fail(
        'restart_export_running',
        'An export is running. Restart when it has finished; quitting now would cancel it.',
      );
    }
    if (!ctx.platform.relaunch) return fail('internal', 'This copy cannot restart itself.');
    ctx.log.info('restarting for a new language');
    ctx.platform.relaunch();
    return ok(null);
  },
});
