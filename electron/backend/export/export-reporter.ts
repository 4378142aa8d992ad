// What the app's export panel is told, from the moment the file is chosen: "connecting" until
// Palenca's first answer (with the allowance state, which may already be a wait), then the
// engine's progress; a retry wait rides on whichever is current. Throttled like all progress.
import type { AllowanceStatus, ExportProgress, ExportRetry } from '#common/models.ts';
import { createThrottle } from './progress-throttle.ts';

export interface ExportReporterOptions {
  send: (progress: ExportProgress) => void;
  intervalMs: number;
  /** The environment's governor: its state while nothing has answered yet. */
  allowance: {
    status(): AllowanceStatus;
    onStatus(listener: (status: AllowanceStatus) => void): () => void;
  };
  now?: () => number;
}

export interface ExportReporter {
  /** The engine's progress (from its first answer on). */
  progress(progress: ExportProgress): void;
  /** A request waits to be tried again (or, null, one got through). */
  retry(retry: ExportRetry | null): void;
  /** Users fetched so far in the current pass. */
  readonly rowsDone: number;
  /** Sends what is pending and stops listening. */
  finish(): void;
}

/** Starts reporting: the "connecting" state is sent at once. */
export function startExportReporter(options: ExportReporterOptions): ExportReporter {
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  const throttle = createThrottle(options.send, options.intervalMs, now);
  let retry: ExportRetry | null = null;
  let current: ExportProgress = {
    rowsDone: 0,
    rowsTotal: 0,
    pagesDone: 0,
    pagesTotal: 0,
    elapsedMs: 0,
    remainingMs: null,
    allowance: options.allowance.status(),
    connecting: true,
    retry: null,
  };
  const say = () => throttle.push({ ...current, retry });
  // The engine reports allowance changes itself once it has an answer; before that, here.
  const unwatch = options.allowance.onStatus((allowance) => {
    if (!current.connecting) return;
    current = { ...current, allowance, elapsedMs: Math.round(now() - startedAt) };
    say();
  });
  say();
  return {
    progress(progress) {
      current = { ...progress, connecting: false };
      say();
    },
    retry(next) {
      if (next === null && retry === null) return;
      retry = next;
      current = { ...current, elapsedMs: Math.round(now() - startedAt) };
      say();
    },
    get rowsDone() {
      return current.rowsDone;
    },
    finish() {
      unwatch();
      throttle.flush();
    },
  };
}
