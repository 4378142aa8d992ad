// One export at a time, and every export the same way: count the window the form shows (one
// request), say what the export will cost (users, requests, time), then the save dialog, then
// progress (from `exportProgress` events, the first as soon as the file is chosen) and the
// outcome; and the history of finished exports. The rest of the window stays usable while it
// runs.
import type {
  Environment,
  ExportEstimate,
  ExportHistoryEntry,
  ExportHistoryItem,
  ExportProgress,
  UserFilter,
} from '#common/models.ts';
import type { AppError } from '#common/result.ts';

/**
 * - `estimating`: counting the users of the window;
 * - `confirming`: the count and its cost are shown (or why they could not be: `estimateError`);
 * - `running`: from the save dialog until the export ends; then `done`, `cancelled`, `failed`.
 */
export type ExportPhase =
  | 'idle'
  | 'estimating'
  | 'confirming'
  | 'running'
  | 'done'
  | 'cancelled'
  | 'failed';

/** Said when Export is pressed again while one runs: no request is spent to find out. */
const BUSY: AppError = {
  code: 'export_busy',
  message: 'An export is already running.',
};

class ExportState {
  #phase = $state<ExportPhase>('idle');
  #progress = $state.raw<ExportProgress | null>(null);
  #done = $state.raw<ExportHistoryEntry | null>(null);
  #error = $state<AppError | null>(null);
  #notice = $state<AppError | null>(null);
  #environment = $state<Environment | null>(null);
  #filter = $state.raw<UserFilter | null>(null);
  #estimate = $state.raw<ExportEstimate | null>(null);
  #estimateError = $state<AppError | null>(null);
  #formRefused = $state(false);
  #failedRows = $state(0);
  #history = $state.raw<ExportHistoryItem[]>([]);
  #historyError = $state<AppError | null>(null);
  #unsubscribe: (() => void) | null = null;
  /** Counts up when the step closes, so a count that answers afterwards is ignored. */
  #estimateSequence = 0;

  get phase(): ExportPhase {
    return this.#phase;
  }

  get progress(): ExportProgress | null {
    return this.#progress;
  }

  get done(): ExportHistoryEntry | null {
    return this.#done;
  }

  get error(): AppError | null {
    return this.#error;
  }

  /** A problem that does not end the running export (a second export refused, a file gone). */
  get notice(): AppError | null {
    return this.#notice;
  }

  /** What the running or last export is of: shown in the panel, since the form may differ. */
  get environment(): Environment | null {
    return this.#environment;
  }

  get filter(): UserFilter | null {
    return this.#filter;
  }

  /** What the export of `environment`/`filter` will cost, once counted. */
  get estimate(): ExportEstimate | null {
    return this.#estimate;
  }

  /** Why the count before the export failed (shown in the step, with Retry). */
  get estimateError(): AppError | null {
    return this.#estimateError;
  }

  /** Export was pressed while the form's dates cannot be sent: nothing else is exported. */
  get formRefused(): boolean {
    return this.#formRefused;
  }

  /** For a failed export: how many users it had fetched (none of them saved). */
  get failedRows(): number {
    return this.#failedRows;
  }

  get history(): readonly ExportHistoryItem[] {
    return this.#history;
  }

  get historyError(): AppError | null {
    return this.#historyError;
  }

  listen(): () => void {
    this.#unsubscribe ??= window.palenca.on('exportProgress', (progress) => {
      if (this.#phase === 'running') this.#progress = progress;
    });
    return () => {
      this.#unsubscribe?.();
      this.#unsubscribe = null;
    };
  }

  /** The person pressed Export: count the window first and say what the export will cost. */
  async prepare(environment: Environment, filter: UserFilter): Promise<void> {
    this.#notice = null;
    this.#formRefused = false;
    if (this.#phase === 'running') {
      this.#notice = BUSY;
      return;
    }
    if (this.#phase === 'estimating' || this.#phase === 'confirming') return;
    this.#environment = environment;
    this.#filter = filter;
    await this.#count();
  }

  /** Export was pressed with dates that cannot be sent: say so rather than export anything. */
  refuseForm(): void {
    this.#notice = null;
    this.#formRefused = this.#phase !== 'running';
    if (this.#phase === 'running') this.#notice = BUSY;
  }

  /** The form's dates can be sent again: "fix the dates first" has nothing left to say. */
  datesFixed(): void {
    this.#formRefused = false;
  }

  /** A failed export's "Try again": the same environment and window, through the step again. */
  tryAgain(): Promise<void> {
    if (this.#phase !== 'failed' || !this.#environment || !this.#filter) return Promise.resolve();
    return this.#count();
  }

  /** The count failed and the person tries again. */
  retryEstimate(): Promise<void> {
    return this.#count();
  }

  async #count(): Promise<void> {
    const environment = this.#environment;
    const filter = this.#filter;
    if (!environment || !filter) return;
    const sequence = ++this.#estimateSequence;
    this.#phase = 'estimating';
    this.#estimate = null;
    this.#estimateError = null;
    this.#error = null;
    this.#done = null;
    this.#progress = null;
    const result = await window.palenca.estimateExport({ environment, filter });
    if (sequence !== this.#estimateSequence) return; // the step was closed meanwhile
    this.#phase = 'confirming';
    if (result.ok) this.#estimate = result.value;
    else this.#estimateError = result.error;
  }

  /** The person closed the step (Cancel, Close, Escape): nothing is saved, nothing opens. */
  closeStep(): void {
    if (this.#phase !== 'estimating' && this.#phase !== 'confirming') return;
    this.#estimateSequence++;
    this.#phase = 'idle';
    this.#estimate = null;
    this.#estimateError = null;
  }

  /** The person chose "Choose where to save…": the save dialog, then the export itself. */
  async start(): Promise<void> {
    const environment = this.#environment;
    const filter = this.#filter;
    if (this.#phase !== 'confirming' || !this.#estimate || !environment || !filter) return;
    this.#estimateSequence++;
    this.#phase = 'running';
    this.#progress = null;
    this.#error = null;
    this.#done = null;
    const result = await window.palenca.exportUsers({ environment, filter });
    if (!result.ok) {
      if (result.error.code === 'export_busy') {
        this.#notice = result.error;
        this.#phase = 'idle';
        return;
      }
      this.#phase = result.error.code === 'cancelled' ? 'cancelled' : 'failed';
      this.#error = result.error.code === 'cancelled' ? null : result.error;
      // (The cast: TypeScript still takes `progress` for the null set before the await.)
      const last = this.#progress as ExportProgress | null;
      this.#failedRows = result.error.rowsDone ?? last?.rowsDone ?? 0;
      return;
    }
    if (result.value.status === 'dialog_cancelled') {
      this.#phase = 'idle';
      return;
    }
    this.#phase = 'done';
    this.#done = result.value.entry;
    await this.loadHistory();
  }

  async cancel(): Promise<void> {
    await window.palenca.cancelExport();
  }

  /** The person closed the outcome panel (or its notice). */
  dismiss(): void {
    if (this.#phase === 'done' || this.#phase === 'cancelled' || this.#phase === 'failed') {
      this.#phase = 'idle';
    }
    this.#notice = null;
    this.#formRefused = false;
  }

  async loadHistory(): Promise<void> {
    const result = await window.palenca.getExportHistory();
    if (result.ok) {
      this.#history = result.value;
      this.#historyError = null;
    } else this.#historyError = result.error;
  }

  /** Empties the list; the exported files stay where they were saved. */
  async clearHistory(): Promise<AppError | null> {
    const result = await window.palenca.clearExportHistory();
    if (!result.ok) return result.error;
    this.#history = result.value;
    return null;
  }

  /** Opens the file or its folder; a moved or deleted file is reported, not thrown. */
  async reveal(id: string, how: 'folder' | 'open'): Promise<void> {
    this.#notice = null;
    const result =
      how === 'folder'
        ? await window.palenca.showExportInFolder({ id })
        : await window.palenca.openExport({ id });
    if (!result.ok) {
      this.#notice = result.error;
      await this.loadHistory();
    }
  }
}

export const exporter = new ExportState();
