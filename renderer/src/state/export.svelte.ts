// One export at a time: its progress (from `exportProgress` events), its outcome, and the
// history of finished exports. The rest of the window stays usable while it runs.
import type {
  Environment,
  ExportHistoryEntry,
  ExportHistoryItem,
  ExportProgress,
  UserFilter,
} from '../../../electron/shared/models.ts';
import type { AppError } from '../../../electron/shared/result.ts';

export type ExportPhase = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

class ExportState {
  phase = $state<ExportPhase>('idle');
  progress = $state.raw<ExportProgress | null>(null);
  done = $state.raw<ExportHistoryEntry | null>(null);
  error = $state<AppError | null>(null);
  /** A problem that does not end the running export (a second export refused, a file gone). */
  notice = $state<AppError | null>(null);
  /** What the running or last export is of: shown in the panel, since the form may differ. */
  environment = $state<Environment | null>(null);
  filter = $state.raw<UserFilter | null>(null);
  history = $state.raw<ExportHistoryItem[]>([]);
  historyError = $state<AppError | null>(null);
  #unsubscribe: (() => void) | null = null;

  listen(): () => void {
    this.#unsubscribe ??= window.palenca.on('exportProgress', (progress) => {
      if (this.phase === 'running') this.progress = progress;
    });
    return () => {
      this.#unsubscribe?.();
      this.#unsubscribe = null;
    };
  }

  async start(environment: Environment, filter: UserFilter): Promise<void> {
    this.notice = null;
    const wasRunning = this.phase === 'running';
    if (!wasRunning) {
      this.phase = 'running';
      this.progress = null;
      this.error = null;
      this.done = null;
      this.environment = environment;
      this.filter = filter;
    }
    const result = await window.palenca.exportUsers({ environment, filter });
    if (!result.ok) {
      if (result.error.code === 'export_busy') {
        this.notice = result.error;
        return;
      }
      this.phase = result.error.code === 'cancelled' ? 'cancelled' : 'failed';
      this.error = result.error.code === 'cancelled' ? null : result.error;
      return;
    }
    if (result.value.status === 'dialog_cancelled') {
      if (!wasRunning) this.phase = 'idle';
      return;
    }
    this.phase = 'done';
    this.done = result.value.entry;
    await this.loadHistory();
  }

  async cancel(): Promise<void> {
    await window.palenca.cancelExport();
  }

  dismiss(): void {
    if (this.phase !== 'running') this.phase = 'idle';
    this.notice = null;
  }

  async loadHistory(): Promise<void> {
    const result = await window.palenca.getExportHistory();
    if (result.ok) {
      this.history = result.value;
      this.historyError = null;
    } else this.historyError = result.error;
  }

  /** Opens the file or its folder; a moved or deleted file is reported, not thrown. */
  async reveal(id: string, how: 'folder' | 'open'): Promise<void> {
    this.notice = null;
    const result =
      how === 'folder'
        ? await window.palenca.showExportInFolder({ id })
        : await window.palenca.openExport({ id });
    if (!result.ok) {
      this.notice = result.error;
      await this.loadHistory();
    }
  }
}

export const exporter = new ExportState();
