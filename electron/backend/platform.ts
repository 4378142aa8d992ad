// What the backend needs from the desktop shell. Electron implements it in main; the test
// harness implements it with stand-ins at exactly this boundary (the save dialog, the shell).
import type { ErrorCode } from '#common/error-codes.ts';
import type { Environment, ExportFormat } from '#common/models.ts';

/**
 * Something worth an OS notification. The backend has no words: the shell says it in the
 * person's language (electron/main/export-notification.ts).
 */
export type ExportNotice =
  | { kind: 'export_done'; rows: number; fileName: string }
  | { kind: 'export_failed'; rowsDone: number; code: ErrorCode };

/** What is about to happen to a stored key. */
export type KeyChange = 'replace' | 'remove';

export interface PlatformBridge {
  /**
   * Asks where to save; resolves to null when the person cancels the dialog. `formats` are
   * the file types offered (default CSV only), the first one preselected; the path returned
   * always ends in one of their extensions (export-file-policy.ts), which decides the format.
   */
  chooseSavePath(
    suggestedName: string,
    defaultFolder: string | null,
    formats?: readonly ExportFormat[],
  ): Promise<string | null>;
  showInFolder(path: string): Promise<void>;
  openPath(path: string): Promise<void>;
  openExternal(url: string): Promise<void>;
  /**
   * Shows an OS notification from the shell (never from the page, which holds no permission).
   * Absent where there is no desktop to notify (the CLI, some tests).
   */
  notify?(notice: ExportNotice): void;
  /** Whether the app's window has the focus; absent counts as focused (nothing to notify). */
  isWindowFocused?(): boolean;
  /**
   * Asks the person, in a native dialog of main's (never the page's), whether the stored key
   * of `environment` may be replaced or removed: the page cannot change it behind their back.
   * Absent means there is nobody to ask, and the key is left alone (`cancelled`).
   */
  confirmKeyChange?(kind: KeyChange, environment: Environment): Promise<boolean>;
  /**
   * Quits and starts the app again (a new language reaches Chromium's own parts only at
   * start). Absent where there is no app to restart (the CLI, most tests).
   */
  relaunch?(): void;
}
