// Clearing the export history: the list in the settings is emptied, and the marks "since the
// last export" continues from are deleted with it (they hold user IDs, and an export the
// history no longer shows should not decide what the next one leaves out). The exported files
// themselves stay where they were saved (the screen says so before asking).
import type { CallHandlers } from '#common/contract.ts';
import { fail, ok } from '#common/result.ts';
import type { BackendContext } from '../context.ts';

export const createHistoryHandlers = (
  ctx: BackendContext,
): Pick<CallHandlers, 'clearExportHistory'> => ({
  async clearExportHistory() {
    try {
      await ctx.lastExports.clear();
      await ctx.settings.update({ exportHistory: [] });
      return ok([]);
    } catch (error) {
      ctx.log.warn('export history could not be cleared', error);
      return fail('write_failed', 'The export history could not be cleared.', {
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  },
});
