// The export calls: the step's count and cost → save dialog → the one export flow
// (export/export-job.ts, shared with the CLI) → history. One export at a time; options that
// cannot be had ("since the last export" with nothing to continue from, the accounts columns
// for too many users) are refused before the dialog; the saved name's extension decides the
// format; progress goes to the renderer as throttled events from the moment the file is
// chosen; a long export that ends while the window is in the background is told by an OS
// notification; history entries are looked up by id, never by path.
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { CallHandlers } from '#common/contract.ts';
import { activeLocale } from '#common/match-locale.ts';
import {
  type Environment,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportHistoryEntry,
  type ExportOptions,
  NO_EXPORT_OPTIONS,
  type UserFilter,
} from '#common/models.ts';
import { type AppError, fail, ok, type Result } from '#common/result.ts';
import type { BackendContext } from '../context.ts';
import { accountsLimit } from '../export/export-cost.ts';
import { ExportCountCache } from '../export/export-count-cache.ts';
import { EXPORT_PAGE_SIZE, type PageRetry } from '../export/export-engine.ts';
import { type ExportJobOutcome, runExportJob } from '../export/export-job.ts';
import { exportNoticeFor, LONG_EXPORT_MS, notifyIfAway } from '../export/export-notice.ts';
import { estimateExportCost, planExport } from '../export/export-plan.ts';
import { startExportReporter } from '../export/export-reporter.ts';
import { markOf } from '../export/last-export-store.ts';
import { type LinkedAbort, linkedAbort } from '../linked-abort.ts';
import { checkSearchInput } from '../palenca/search-input.ts';
import { chooseTarget, namePart } from './save-target.ts';

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

export interface ExportHandlerOptions {
  /** Tests shrink the engine's own page retries so failures stay quick. */
  pageRetry?: Partial<PageRetry>;
  /** Tests: the clock ("today" for "since the last export", the record's times). */
  now?: () => Date;
  /** Tests: a smaller sheet limit for workbooks. */
  maxRowsPerSheet?: number;
}

/** The name the save dialog suggests: the environment, the window, the format's extension. */
export const suggestedExportName = (
  environment: Environment,
  filter: UserFilter,
  format: ExportFormat = 'csv',
): string =>
  `palenca-users_${environment}_${namePart(filter.from)}_${namePart(filter.to)}.${format}`;

/**
 * The format of the file chosen, by its extension (the save dialog does not say which type
 * was picked); `suggested` when it has neither (the shell adds one, so only a test's does not).
 */
export function formatOfPath(path: string, suggested: ExportFormat): ExportFormat {
  const extension = extname(path).slice(1).toLowerCase();
  return (EXPORT_FORMATS as readonly string[]).includes(extension)
    ? (extension as ExportFormat)
    : suggested;
}

/** The formats the save dialog offers, the suggested one first (preselected). */
const formatsWithFirst = (first: ExportFormat): ExportFormat[] => [
  first,
  ...EXPORT_FORMATS.filter((f) => f !== first),
];

const accountsTooMany = (users: number, limit: number): AppError => ({
  code: 'accounts_too_many',
  message: `The accounts columns ask Palenca once per user: for ${users.toLocaleString('en-US')} users that would take more than an hour within the app's share of the allowance (at most ${limit.toLocaleString('en-US')} users fit). Choose a shorter window, or export without the accounts columns.`,
  field: 'withAccounts',
});

const isFile = async (path: string): Promise<boolean> => {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
};

export const createExportHandlers = (
  ctx: BackendContext,
  handlerOptions: ExportHandlerOptions = {},
): ExportHandlers => {
  let running: LinkedAbort | null = null;
  const now = handlerOptions.now ?? (() => new Date());
  const counts = new ExportCountCache();

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

  /** The window, the users left out, and the mark: what the step and the export share. */
  const plan = (environment: Environment, filter: UserFilter, options: ExportOptions) =>
    planExport(ctx.lastExports, environment, filter, options, now());

  return {
    async estimateExport({ environment, filter, options: asked }) {
      const options = asked ?? NO_EXPORT_OPTIONS;
      const planned = await plan(environment, filter, options);
      if (!planned.ok) return planned;
      const window = planned.value.filter;
      const checked = checkSearchInput({ ...window, page: 1, perPage: 1 });
      if (!checked.ok) return checked;
      const client = await ctx.clientFor(environment);
      if (!client.ok) return client;
      const governor = ctx.allowanceFor(environment);
      const users = await counts.count(environment, window, client.value, governor);
      if (!users.ok) return users;
      // With the day column over a long window, the search for its oldest day with users
      // counts through the same cache: toggling the options again asks Palenca nothing.
      const cost = await estimateExportCost({
        users: users.value,
        filter: window,
        options,
        allowance: governor,
        count: (part) => counts.count(environment, part, client.value, governor),
      });
      return ok({
        users: users.value,
        requests: cost.requests,
        estimatedMs: cost.estimatedMs,
        share: (await ctx.settings.read()).allowanceShare,
        filter: window,
        lastExport: planned.value.last ? markOf(planned.value.last) : null,
        accountsLimit: accountsLimit(governor),
      });
    },

    async exportUsers({ environment, filter, options: asked, format }) {
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
        const options = asked ?? NO_EXPORT_OPTIONS;
        // Bad dates, a missing key, an option that cannot be had: all said before the save
        // dialog, not after it.
        const planned = await plan(environment, filter, options);
        if (!planned.ok) return planned;
        const window = planned.value.filter;
        const checked = checkSearchInput({ ...window, page: 1, perPage: EXPORT_PAGE_SIZE });
        if (!checked.ok) return checked;
        const client = await ctx.clientFor(environment);
        if (!client.ok) return client;
        const allowance = ctx.allowanceFor(environment);
        if (options.withAccounts) {
          const users = await counts.count(environment, window, client.value, allowance);
          if (!users.ok) return users;
          const limit = accountsLimit(allowance);
          if (users.value > limit) return { ok: false, error: accountsTooMany(users.value, limit) };
        }
        const settings = await ctx.settings.read();
        const suggested = format ?? settings.exportFormat;
        const chosen = await chooseTarget(
          ctx,
          suggestedExportName(environment, window, suggested),
          formatsWithFirst(suggested),
        );
        if (!chosen.ok) {
          logFailure(ctx, chosen.error);
          return chosen;
        }
        if (!chosen.value) return ok({ status: 'dialog_cancelled' });
        const target = chosen.value;
        const chosenFormat = formatOfPath(target, suggested);
        // Said at once, before anything else: on a slow or hung network the panel (with its
        // Cancel) is there from the first moment, not when the first page arrives.
        const startedAt = Date.now();
        const reporter = startExportReporter({
          send: (p) => ctx.emit('exportProgress', p),
          intervalMs: PROGRESS_INTERVAL_MS,
          allowance,
        });
        // The format chosen is the one suggested next time.
        if (chosenFormat !== settings.exportFormat) {
          await ctx.settings.update({ exportFormat: chosenFormat });
        }

        const result = await ctx.track(
          runExportJob({
            client: client.value,
            allowance,
            marks: ctx.lastExports,
            environment,
            filter,
            options,
            plan: planned.value,
            target,
            format: chosenFormat,
            csv: settings.csv,
            locale: activeLocale(settings.locale, ctx.appInfo.systemLocale),
            appVersion: ctx.appInfo.version,
            recordFile: settings.exportRecordFile,
            log: ctx.log,
            signal: controller.signal,
            onProgress: (p) => reporter.progress(p),
            onRetryWait: (retry) => reporter.retry(retry),
            onRestart: (reason) => ctx.log.info(`export restarted: ${reason}`),
            now,
            ...(handlerOptions.pageRetry ? { pageRetry: handlerOptions.pageRetry } : {}),
            ...(handlerOptions.maxRowsPerSheet
              ? { maxRowsPerSheet: handlerOptions.maxRowsPerSheet }
              : {}),
          }),
        );
        reporter.finish();
        notifyIfAway(
          ctx.platform,
          noticeOf(result, target, reporter.rowsDone),
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
        if (result.value.status === 'nothing_new') {
          ctx.log.info(`export: nothing new since ${result.value.since}`);
          return ok({ status: 'nothing_new', since: result.value.since });
        }
        const { entry } = result.value;
        await ctx.settings.addExportHistory(entry);
        ctx.log.info(`export done: ${entry.rows} rows, ${entry.format}`);
        return ok({ status: 'done', path: target, rows: entry.rows, entry });
      } finally {
        // Whatever the export read is newer than any count kept, and a mark it moved makes
        // "since the last export" another window: the next step counts afresh.
        counts.clear();
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

/** What a long export's end tells by an OS notification: nothing when nobody was new. */
function noticeOf(result: Result<ExportJobOutcome>, target: string, rowsDone: number) {
  if (!result.ok) return exportNoticeFor(result, target, rowsDone);
  if (result.value.status !== 'done') return null;
  return exportNoticeFor(ok({ rows: result.value.entry.rows }), target, rowsDone);
}

function logFailure(ctx: BackendContext, error: AppError): void {
  if (error.code === 'cancelled') ctx.log.info('export cancelled');
  else ctx.log.warn(`export failed: ${error.code} ${error.message}`, error.detail);
}
