// The update calls: what the updater is doing, and "Restart to update". The restart is
// refused while an export runs (quitting would cancel it); the downloaded update waits.
import type { CallHandlers } from '#common/contract.ts';
import { fail, ok } from '#common/result.ts';
import { UPDATES_OFF } from '#common/update-state.ts';
import type { BackendContext } from '../context.ts';

export const createUpdateHandlers = (
  ctx: BackendContext,
  exportRunning: () => boolean,
): Pick<CallHandlers, 'getUpdateState' | 'restartToUpdate'> => ({
  getUpdateState: async () => ok(ctx.updates?.current() ?? UPDATES_OFF),

  async restartToUpdate() {
    const updates = ctx.updates;
    if (!updates) {
      return fail('updates_off', 'This copy of Palenca Users cannot update itself.');
    }
    const state = updates.current();
    if (state.state !== 'ready') {
      return fail('update_not_ready', 'No new version has been downloaded yet.');
    }
    if (exportRunning()) {
      return fail(
        'restart_export_running',
        'An export is running. Restart to update when it has finished; the new version waits.',
      );
    }
    ctx.log.info(`restarting to install version ${state.version}`);
    updates.restart();
    return ok(null);
  },
});
