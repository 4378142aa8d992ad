// One export at a time, and every export the same way: count the window the form shows (one
// request), say what the export will cost (users, requests, time), with its options (since the
// last export, the day, the accounts) and its file type, then the save dialog, then progress
// (from `exportProgress` events, the first as soon as the file is chosen) and the outcome; and
// the history of finished exports, each of which can be exported again. The rest of the window
// stays usable while it runs.
import {
  type Environment,
  type ExportEstimate,
  type ExportFormat,
  type ExportHistoryEntry,
  type ExportHistoryItem,
  type ExportOptions,
  type ExportProgress,
  NO_EXPORT_OPTIONS,
  type UserFilter,
} from '#common/models.ts';
import type { AppError, Result } from '#common/result.ts';
import { settings } from './settings.svelte.ts';

/**
 * - `estimating`: counting the users of the window;
 * - `confirming`: the count and its cost are shown (or why they could not be: `estimateError`);
 * - `running`: from the save dialog until the export ends; then `done`, `cancelled`, `failed`,
 *   or `nothing_new` ("since the last export" found nobody new: no file saved).
 */
export type ExportPhase =
  | 'idle'
  | 'estimating'
  | 'confirming'
  | 'running'
  | 'done'
  | 'nothing_new'
  | 'cancelled'
  | 'failed';

/** What the step starts with when an export is repeated from the history. */
export interface ExportPreset {
  options: ExportOptions;
  format: ExportFormat;
}

/** The options a history entry was exported with; entries of older versions had none. */
export const presetOf = (entry: ExportHistoryEntry): ExportPreset => ({
  options: { ...NO_EXPORT_OPTIONS, ...entry.options },
  format: entry.format ?? 'csv',
});

/** Main's refusals of an option: the option is cleared, and the step says why it is off. */
const RULED_OUT: Partial<Record<string, keyof ExportOptions>> = {
  no_last_export: 'sinceLast',
  accounts_too_many: 'withAccounts',
};

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
  #options = $state.raw<ExportOptions>(NO_EXPORT_OPTIONS);
  #format = $state<ExportFormat | null>(null);
  /** The last format actually saved (the file name decides), suggested next time. */
  #lastFormat: ExportFormat | null = null;
  #updating = $state(false);
  /** The window of the running or last export (with "since the last export", the computed one). */
  #window = $state.raw<UserFilter | null>(null);
  #nothingNewSince = $state<string | null>(null);
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

  /** The window asked (the form's, or a history entry's). */
  get filter(): UserFilter | null {
    return this.#filter;
  }

  /**
   * The window the export is of: in the step, the one counted (with "since the last export",
   * the one computed from it); once started, the one being exported.
   */
  get window(): UserFilter | null {
    if (this.#phase === 'estimating' || this.#phase === 'confirming') {
      return this.#options.sinceLast && this.#estimate ? this.#estimate.filter : this.#filter;
    }
    return this.#window ?? this.#filter;
  }

  get options(): ExportOptions {
    return this.#options;
  }

  /** The file type suggested to the save dialog (its file name's extension decides). */
  get format(): ExportFormat {
    return this.#format ?? 'csv';
  }

  /** An option changed and its cost is being asked again (the count itself is reused). */
  get updating(): boolean {
    return this.#updating;
  }

  /** For `nothing_new`: the day of the last export nobody is newer than. */
  get nothingNewSince(): string | null {
    return this.#nothingNewSince;
  }

  /** Whether the accounts summary fits the hour the step allows at the current share. */
  get accountsAllowed(): boolean {
    const estimate = this.#estimate;
    return estimate !== null && estimate.users <= estimate.accountsLimit;
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

  /**
   * The person pressed Export (no preset: the plain export, in the last format used) or
   * "Export again" (the entry's options and format): count the window first and say what the
   * export will cost.
   */
  async prepare(
    environment: Environment,
    filter: UserFilter,
    preset: ExportPreset | null = null,
  ): Promise<void> {
    this.#notice = null;
    this.#formRefused = false;
    if (this.#phase === 'running') {
      this.#notice = BUSY;
      return;
    }
    if (this.#phase === 'estimating' || this.#phase === 'confirming') return;
    this.#environment = environment;
    this.#filter = filter;
    this.#options = preset?.options ?? NO_EXPORT_OPTIONS;
    this.#format = preset?.format ?? this.#lastFormat ?? settings.current?.exportFormat ?? 'csv';
    await this.#count();
  }

  /** "Export again" from the history: the entry's environment, window, options and format. */
  exportAgain(entry: ExportHistoryEntry): Promise<void> {
    return this.prepare(entry.environment, entry.filter, presetOf(entry));
  }

  /** An option ticked or cleared in the step: its cost is asked again (no new count). */
  setOption(name: keyof ExportOptions, on: boolean): Promise<void> {
    if (this.#phase !== 'confirming') return Promise.resolve();
    this.#options = { ...this.#options, [name]: on };
    return this.#recount();
  }

  chooseFormat(format: ExportFormat): void {
    this.#format = format;
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

  /** The count (or the cost of a changed option) failed and the person tries again. */
  retryEstimate(): Promise<void> {
    return this.#estimate && this.#phase === 'confirming' ? this.#recount() : this.#count();
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
    this.#updating = false;
    const result = await this.#ask(environment, filter);
    if (sequence !== this.#estimateSequence) return; // the step was closed meanwhile
    this.#phase = 'confirming';
    if (result.ok) this.#counted(result.value);
    else this.#estimateError = result.error;
  }

  /** The cost with the options as they are now; the last one stays shown until it answers. */
  async #recount(): Promise<void> {
    const environment = this.#environment;
    const filter = this.#filter;
    if (!environment || !filter) return;
    const sequence = ++this.#estimateSequence;
    this.#updating = true;
    this.#estimateError = null;
    const result = await this.#ask(environment, filter);
    if (sequence !== this.#estimateSequence) return; // closed, or another option changed
    this.#updating = false;
    if (result.ok) this.#counted(result.value);
    else this.#estimateError = result.error;
  }

  /**
   * The cost with the options as they are; an option main refuses (no last export to continue
   * from, since the history was cleared; too many users for the accounts) is cleared and the
   * cost asked again, so the step shows it unavailable with its reason rather than an error.
   */
  async #ask(environment: Environment, filter: UserFilter): Promise<Result<ExportEstimate>> {
    for (;;) {
      const result = await window.palenca.estimateExport({
        environment,
        filter,
        options: this.#options,
      });
      if (result.ok) return result;
      const option = RULED_OUT[result.error.code];
      if (!option || !this.#options[option]) return result;
      this.#options = { ...this.#options, [option]: false };
    }
  }

  /**
   * An option the answer rules out is cleared and its cost asked again: "since the last
   * export" with no last export (the history was cleared), the accounts above the hour.
   */
  #counted(estimate: ExportEstimate): void {
    this.#estimate = estimate;
    const options = this.#options;
    const sinceLast = options.sinceLast && estimate.lastExport !== null;
    const withAccounts = options.withAccounts && estimate.users <= estimate.accountsLimit;
    if (sinceLast === options.sinceLast && withAccounts === options.withAccounts) return;
    this.#options = { ...options, sinceLast, withAccounts };
    void this.#recount();
  }

  /** The person closed the step (Cancel, Close, Escape): nothing is saved, nothing opens. */
  closeStep(): void {
    if (this.#phase !== 'estimating' && this.#phase !== 'confirming') return;
    this.#estimateSequence++;
    this.#phase = 'idle';
    this.#estimate = null;
    this.#estimateError = null;
    this.#updating = false;
  }

  /** The person chose "Choose where to save…": the save dialog, then the export itself. */
  async start(): Promise<void> {
    const environment = this.#environment;
    const filter = this.#filter;
    const estimate = this.#estimate;
    if (this.#phase !== 'confirming' || !estimate || !environment || !filter) return;
    this.#estimateSequence++;
    this.#updating = false;
    this.#window = this.#options.sinceLast ? estimate.filter : filter;
    this.#phase = 'running';
    this.#progress = null;
    this.#error = null;
    this.#done = null;
    this.#nothingNewSince = null;
    const result = await window.palenca.exportUsers({
      environment,
      filter,
      options: this.#options,
      format: this.format,
    });
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
    if (result.value.status === 'nothing_new') {
      this.#phase = 'nothing_new';
      this.#nothingNewSince = result.value.since;
      return;
    }
    this.#phase = 'done';
    this.#done = result.value.entry;
    this.#window = result.value.entry.filter;
    this.#lastFormat = result.value.entry.format ?? this.#lastFormat;
    await this.loadHistory();
  }

  async cancel(): Promise<void> {
    await window.palenca.cancelExport();
  }

  /** The person closed the outcome panel (or its notice). */
  dismiss(): void {
    if (
      this.#phase === 'done' ||
      this.#phase === 'nothing_new' ||
      this.#phase === 'cancelled' ||
      this.#phase === 'failed'
    ) {
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

  /**
   * Empties the list, and main forgets what "since the last export" continues from; the
   * exported files stay where they were saved.
   */
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
