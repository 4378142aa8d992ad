// One export from start to end, the same for the app and the CLI: the plan (the window, and
// the users "since the last export" leaves out), the sink of the chosen format, the engine,
// then — only after a file is in place — the new mark, the record and its optional
// `<file>.record.json`. The target is already chosen and checked; the history is the app's.
import { randomUUID } from 'node:crypto';
import type {
  CsvOptions,
  Environment,
  ExportFormat,
  ExportHistoryEntry,
  ExportOptions,
  ExportProgress,
  ExportRetry,
  Locale,
  UserFilter,
} from '#common/models.ts';
import { ok, type Result } from '#common/result.ts';
import type { Logger } from '../log.ts';
import { createCsvSink } from './csv-sink.ts';
import { type ExportEngineOptions, exportUsers, type PageRetry } from './export-engine.ts';
import { type ExportPlan, markMoves, planExport } from './export-plan.ts';
import { writeExportRecord } from './export-record.ts';
import type { LastExportStore } from './last-export-store.ts';
import type { ExportColumns, RowSink } from './row-sink.ts';
import { createXlsxSink } from './xlsx-sink.ts';

export interface ExportJobInput {
  client: ExportEngineOptions['client'];
  /** The environment's governor: every request goes through it; progress reads it. */
  allowance: NonNullable<ExportEngineOptions['allowance']>;
  marks: LastExportStore;
  environment: Environment;
  /** The window asked; with `options.sinceLast` only its external ID counts (see `plan`). */
  filter: UserFilter;
  options: ExportOptions;
  /** Already chosen and checked (files/export-target.ts); only ever replaced by a whole file. */
  target: string;
  format: ExportFormat;
  csv: CsvOptions;
  /** The language of a workbook's "About this export" sheet. */
  locale: Locale;
  appVersion: string;
  /** Also write `<target>.record.json` (setting `exportRecordFile`). */
  recordFile: boolean;
  /** The plan already made (the caller counted its window for the cost); made here when absent. */
  plan?: ExportPlan;
  log: Pick<Logger, 'warn'>;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  onRetryWait?: (retry: ExportRetry | null) => void;
  onRestart?: (reason: string) => void;
  pageRetry?: Partial<PageRetry>;
  /** Tests: a smaller sheet limit for workbooks. */
  maxRowsPerSheet?: number;
  /** The clock (today's day for "since the last export", the record's times); tests set it. */
  now?: () => Date;
}

export type ExportJobOutcome =
  | {
      status: 'done';
      entry: ExportHistoryEntry;
      /** Where the record was written; null when the setting is off or it could not be. */
      recordPath: string | null;
      /** Why the record could not be written (the export itself is saved). */
      recordProblem?: string;
      /** Why the mark could not be written: the next "since the last export" repeats some users. */
      markProblem?: string;
    }
  /** "Since the last export" found nobody new: nothing saved, the mark kept. */
  | { status: 'nothing_new'; since: string };

export async function runExportJob(input: ExportJobInput): Promise<Result<ExportJobOutcome>> {
  const now = input.now ?? (() => new Date());
  const startedAt = now().toISOString();
  let plan = input.plan;
  if (!plan) {
    const planned = await planExport(
      input.marks,
      input.environment,
      input.filter,
      input.options,
      now(),
    );
    if (!planned.ok) return planned;
    plan = planned.value;
  }
  const { options, format } = input;
  const columns: ExportColumns = { withDay: options.withDay, withAccounts: options.withAccounts };

  const result = await exportUsers({
    client: input.client,
    filter: plan.filter,
    targetPath: input.target,
    csv: input.csv,
    sink: sinkFor(input, columns),
    columns,
    ...(plan.skipUserIds ? { skipUserIds: plan.skipUserIds } : {}),
    // Nobody new is said, not saved: the file chosen is left as it was.
    discardIfEmpty: options.sinceLast,
    about: {
      environment: input.environment,
      filter: plan.filter,
      options,
      format,
      startedAt,
      appVersion: input.appVersion,
    },
    allowance: input.allowance,
    ...(input.concurrency ? { concurrency: input.concurrency } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    ...(input.onRetryWait ? { onRetryWait: input.onRetryWait } : {}),
    ...(input.onRestart ? { onRestart: input.onRestart } : {}),
    ...(input.pageRetry ? { pageRetry: input.pageRetry } : {}),
  });
  if (!result.ok) return result;
  const { rows, saved, sha256, newestDayIds } = result.value;
  if (!saved) return ok({ status: 'nothing_new', since: plan.last?.day ?? plan.filter.from });

  const finished = now();
  const markProblem = await moveMark(input, plan, newestDayIds, finished);
  const entry: ExportHistoryEntry = {
    id: randomUUID(),
    finishedAt: finished.toISOString(),
    environment: input.environment,
    filter: {
      from: plan.filter.from,
      to: plan.filter.to,
      ...(plan.filter.externalId ? { externalId: plan.filter.externalId } : {}),
    },
    rows,
    path: input.target,
    format,
    options,
    startedAt,
    appVersion: input.appVersion,
    ...(sha256 ? { sha256 } : {}),
  };
  const done = { status: 'done' as const, entry, ...(markProblem ? { markProblem } : {}) };
  if (!input.recordFile) return ok({ ...done, recordPath: null });
  try {
    return ok({ ...done, recordPath: await writeExportRecord(entry) });
  } catch (error) {
    // The export is saved and recorded in the history; only its copy beside the file failed.
    const problem = messageOf(error);
    input.log.warn(`export record not written beside ${input.target}: ${problem}`);
    return ok({ ...done, recordPath: null, recordProblem: problem });
  }
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

function sinkFor(input: ExportJobInput, columns: ExportColumns): RowSink {
  if (input.format === 'xlsx') {
    return createXlsxSink(input.target, columns, {
      locale: input.locale,
      ...(input.maxRowsPerSheet ? { maxRowsPerSheet: input.maxRowsPerSheet } : {}),
    });
  }
  return createCsvSink(input.target, columns, input.csv);
}

/**
 * The export becomes what the next "since the last export" continues from (export-plan.ts
 * `markMoves` says when it does not). The mark is read again here: it is the one on disk now
 * that counts. A mark that cannot be written costs nothing but a repeat: the next "since the
 * last export" starts from the older mark and brings some users again.
 */
async function moveMark(
  input: ExportJobInput,
  plan: ExportPlan,
  newestDayIds: readonly string[],
  finished: Date,
): Promise<string | null> {
  const externalId = plan.filter.externalId || undefined;
  try {
    const current = await input.marks.read(input.environment, externalId);
    if (!markMoves(current, plan.filter.to, finished)) return null;
    await input.marks.write({
      environment: input.environment,
      ...(externalId === undefined ? {} : { externalId }),
      day: plan.filter.to,
      finishedAt: finished.toISOString(),
      userIds: [...newestDayIds],
    });
    return null;
  } catch (error) {
    input.log.warn(`the last export mark could not be written: ${messageOf(error)}`);
    return messageOf(error);
  }
}
