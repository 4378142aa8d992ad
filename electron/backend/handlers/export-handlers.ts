// The export calls: save dialog → engine → history. One export at a time; progress goes
// to the renderer as throttled events from the moment the file is chosen; a long export that
// ends while the window is in the background is told by an OS notification; history entries
// are looked up by id, never by path.
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CallHandlers } from '#common/contract.ts';
import type { Environment, ExportHistoryEntry, UserFilter } from '#common/models.ts';
import { type AppError, fail, ok, type Result } from '#common/result.ts';
import type { BackendContext } from '../context.ts';
import {
  DEFAULT_EXPORT_CONCURRENCY,
  EXPORT_PAGE_SIZE,
  exportUsers,
  type PageRetry,
} from '../export/export-engine.ts';
import { exportNoticeFor, LONG_EXPORT_MS, notifyIfAway } from '../export/export-notice.ts';
import { startExportReporter } from '../export/export-reporter.ts';
import { prepareExportTarget } from '../files/export-target.ts';
import { type LinkedAbort, linkedAbort } from '../linked-abort.ts';
import { checkSearchInput } from '../palenca/search-input.ts';

/** Progress events reach the renderer at most this often (about 10 a second). */
export const PROGRESS_INTERVAL_MS = 100;

type ExportHandlers = Pick<
  CallHandlers,
  | 'estimateExport'
  | 'exportUsers'
  | 'cancelExport'
  | 'getExportHistory'
  | 'showExportInFolder'
  | 'openExport'
>;

/** Requests an export of `users` makes: its pages, and the final check when there are several. */
export function exportRequests(users: number, perPage = EXPORT_PAGE_SIZE): number {
  const pages = Math.max(1, Math.ceil(users / perPage));
  return pages + (pages > 1 ? 1 : 0);
}

export interface ExportHandlerOptions {
  /** Tests shrink the engine's own page retries so failures stay quick. */
  pageRetry?: Partial<PageRetry>;
}

// Only safe characters in the suggested file name, whatever the filter holds.
const namePart = (text: string): string => text.replace(/[^0-9A-Za-z-]/g, '_');

export const suggestedExportName = (environment: Environment, filter: UserFilter): string =>
  `palenca-users_${environment}_${namePart(filter.from)}_${namePart(filter.to)}.csv`;

const isFile = async (path: string): Promise<boolean> => {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
};

export const createExportHandlers = (
  ctx: BackendContext,
  options: ExportHandlerOptions = {},
): ExportHandlers => {
  let running: LinkedAbort | null = null;

  const findEntry = async (id: string): Promise<Result<ExportHistoryEntry>> => {
    const entry = (await ctx.settings.read()).exportHistory.find((e) => e.id === id);
    if (!entry) return fail('bad_input', 'That export is not in the export history.');
    if (!(await isFile(entry.path))) {
      return fail(
        'file_missing',
        `The file "${entry.path}" is no longer there. It may have been moved or deleted.`,
      );
    }
    return ok(entry);
  };

  const viaShell = async (
    id: string,
    action: (path: string) => Promise<void>,
  ): Promise<Result<null>> => {
    const entry = await findEntry(id);
    if (!entry.ok) return entry;
    try {
      await action(entry.value.path);
      return ok(null);
    } catch (error) {
      ctx.log.warn('opening an exported file failed', error);
      return fail('internal', 'The system could not open the file.', {
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  };

  return {
    async estimateExport({ environment, filter }) {
      const checked = checkSearchInput({ ...filter, page: 1, perPage: 1 });
      if (!checked.ok) return checked;
      const client = await ctx.clientFor(environment);
      if (!client.ok) return client;
      // The count: one request, a page of one user, read for its total.
      const count = await client.value.searchUsers({ ...filter, page: 1, perPage: 1 });
      if (!count.ok) return count;
      const users = count.value.pagination.total_items;
      const requests = exportRequests(users);
      const governor = ctx.allowanceFor(environment);
      return ok({
        users,
        requests,
        estimatedMs: governor.estimateMs(requests, DEFAULT_EXPORT_CONCURRENCY),
        share: (await ctx.settings.read()).allowanceShare,
        // Issue 18 groundwork: the options' costs and the last export come with the new flow.
        filter,
        lastExport: null,
        accountsLimit: 0,
      });
    },

    async exportUsers({ environment, filter }) {
      if (running) {
        return fail(
          'export_busy',
          'An export is already running. Wait for it to finish or cancel it before starting another.',
        );
      }
      // Claimed before the first await, so two quick clicks cannot both start.
      // Quitting the app stops the export too.
      const controller = linkedAbort(ctx.stopping);
      running = controller;
      try {
        // Bad dates and a missing key are said before the save dialog, not after it.
        const checked = checkSearchInput({ ...filter, page: 1, perPage: EXPORT_PAGE_SIZE });
        if (!checked.ok) return checked;
        const client = await ctx.clientFor(environment);
        if (!client.ok) return client;
        const settings = await ctx.settings.read();
        const chosen = await ctx.platform.chooseSavePath(
          suggestedExportName(environment, filter),
          settings.exportFolder,
        );
        if (!chosen) return ok({ status: 'dialog_cancelled' });
        // A link, a folder, a device… is refused before anything is asked of Palenca.
        const prepared = await prepareExportTarget(chosen);
        if (!prepared.ok) {
          logFailure(ctx, prepared.error);
          return prepared;
        }
        const target = prepared.value;
        // Said at once, before anything else: on a slow or hung network the panel (with its
        // Cancel) is there from the first moment, not when the first page arrives.
        const startedAt = Date.now();
        const allowance = ctx.allowanceFor(environment);
        const reporter = startExportReporter({
          send: (p) => ctx.emit('exportProgress', p),
          intervalMs: PROGRESS_INTERVAL_MS,
          allowance,
        });
        await ctx.settings.update({ exportFolder: dirname(target) });

        const result = await ctx.track(
          exportUsers({
            client: client.value,
            filter,
            targetPath: target,
            csv: settings.csv,
            signal: controller.signal,
            onProgress: (p) => reporter.progress(p),
            onRetryWait: (retry) => reporter.retry(retry),
            onRestart: (reason) => ctx.log.info(`export restarted: ${reason}`),
            allowance,
            ...(options.pageRetry ? { pageRetry: options.pageRetry } : {}),
          }),
        );
        reporter.finish();
        notifyIfAway(
          ctx.platform,
          exportNoticeFor(result, target, reporter.rowsDone),
          Date.now() - startedAt,
          ctx.exportNotifyAfterMs ?? LONG_EXPORT_MS,
        );
        if (!result.ok) {
          logFailure(ctx, result.error);
          // How far it got, so the person reads "stopped after 1,200 users; no file saved".
          return result.error.code === 'cancelled'
            ? result
            : { ok: false, error: { ...result.error, rowsDone: reporter.rowsDone } };
        }

        const entry: ExportHistoryEntry = {
          id: randomUUID(),
          finishedAt: new Date().toISOString(),
          environment,
          filter: {
            from: filter.from,
            to: filter.to,
            ...(filter.externalId ? { externalId: filter.externalId } : {}),
          },
          rows: result.value.rows,
          path: target,
        };
        await ctx.settings.addExportHistory(entry);
        ctx.log.info(`export done: ${entry.rows} rows`);
        return ok({ status: 'done', path: target, rows: entry.rows, entry });
      } finally {
        controller.dispose();
        running = null;
      }
    },

    async cancelExport() {
      running?.abort();
      return ok(null);
    },

    async getExportHistory() {
      const { exportHistory } = await ctx.settings.read();
      return ok(
        await Promise.all(exportHistory.map(async (e) => ({ ...e, exists: await isFile(e.path) }))),
      );
    },

    showExportInFolder: ({ id }) => viaShell(id, (path) => ctx.platform.showInFolder(path)),
    openExport: ({ id }) => viaShell(id, (path) => ctx.platform.openPath(path)),
  };
};

function logFailure(ctx: BackendContext, error: AppError): void {
  if (error.code === 'cancelled') ctx.log.info('export cancelled');
  else ctx.log.warn(`export failed: ${error.code} ${error.message}`, error.detail);
}
