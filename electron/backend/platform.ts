// What the backend needs from the desktop shell. Electron implements it in main; the test
// harness implements it with stand-ins at exactly this boundary (the save dialog, the shell).
export interface PlatformBridge {
  /** Asks where to save; resolves to null when the person cancels the dialog. */
  chooseSavePath(suggestedName: string, defaultFolder: string | null): Promise<string | null>;
  showInFolder(path: string): Promise<void>;
  openPath(path: string): Promise<void>;
  openExternal(url: string): Promise<void>;
}
