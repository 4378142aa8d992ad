// How one pass of an export ends (export-engine.ts starts passes over until one is done), and
// how a failure says how far the export got.
import type { AppError } from '#common/result.ts';

/** How far a pass got: said with its failure. */
export interface PassProgress {
  rowsDone: number;
  rowsTotal: number;
  pagesDone: number;
  pagesTotal: number;
}

export type PassOutcome =
  /** `rows`: written; `newestDayIds`: every user filed under the window's newest day. */
  | { kind: 'done'; rows: number; newestDayIds: string[] }
  /** `start`: the total and page 1 the pass began from (what a change would move). */
  | { kind: 'changed'; reason: string; start: string }
  | { kind: 'failed'; error: AppError; progress?: PassProgress | null };

export const CANCELLED: AppError = { code: 'cancelled', message: 'The export was cancelled.' };

export const cancelledPass = (): PassOutcome => ({ kind: 'failed', error: CANCELLED });

/** Once the person cancelled, any failure is the cancel: it is what they asked for. */
export const failedPass = (
  signal: AbortSignal | undefined,
  error: AppError,
  progress: PassProgress | null,
): PassOutcome => (signal?.aborted ? cancelledPass() : { kind: 'failed', error, progress });

const count = (n: number) => n.toLocaleString('en-US');

/**
 * A failure after Palenca's first answer says how far the export got: in the message (the
 * CLI prints it), in `detail` (the log) and as `rowsDone` (the app's panel words it).
 */
export function withProgress(error: AppError, progress: PassProgress | null): AppError {
  if (error.code === 'cancelled' || !progress) return error;
  const { rowsDone, rowsTotal, pagesDone, pagesTotal } = progress;
  const pages = `${count(pagesDone)} of ${count(pagesTotal)} ${pagesTotal === 1 ? 'page' : 'pages'}`;
  return {
    ...error,
    message: `${error.message} The export had fetched ${count(rowsDone)} of ${count(rowsTotal)} users (${pages}).`,
    rowsDone,
    detail: `${error.detail ? `${error.detail}; ` : ''}stopped after ${rowsDone} of ${rowsTotal} users (${pagesDone} of ${pagesTotal} pages)`,
  };
}
