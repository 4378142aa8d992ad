// The start every file-saving call shares: the save dialog in the last folder used, then the
// chosen path checked as a target (files/export-target.ts), then that folder remembered.

import { dirname } from 'node:path';
import type { ExportFormat } from '#common/models.ts';
import { ok, type Result } from '#common/result.ts';
import type { BackendContext } from '../context.ts';
import { prepareExportTarget } from '../files/export-target.ts';

/** Only safe characters in a suggested file name, whatever the filter holds. */
export const namePart = (text: string): string => text.replace(/[^0-9A-Za-z-]/g, '_');

/**
 * Asks where to save (`formats` offered, the first preselected; default CSV) and checks the
 * answer. Resolves to null when the person cancels the dialog; a link, a folder, a device…
 * is refused before anything is written or asked of Palenca.
 */
export async function chooseTarget(
  ctx: Pick<BackendContext, 'platform' | 'settings' | 'log'>,
  suggestedName: string,
  formats?: readonly ExportFormat[],
): Promise<Result<string | null>> {
  const { exportFolder } = await ctx.settings.read();
  const chosen = await ctx.platform.chooseSavePath(suggestedName, exportFolder, formats);
  if (!chosen) return ok(null);
  const prepared = await prepareExportTarget(chosen);
  if (!prepared.ok) {
    ctx.log.warn(`save target refused: ${prepared.error.message}`);
    return prepared;
  }
  // The folder the person went to is where the next dialog opens, whatever happens next.
  await ctx.settings.update({ exportFolder: dirname(prepared.value) });
  return prepared;
}
