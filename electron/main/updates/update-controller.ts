// Runs the updater for the app: a check at start and once a day, the download in the
// background, and what that means for the window (UpdateState). No electron import: it drives
// anything shaped like electron-updater's autoUpdater, loaded lazily by `load`, so it is
// unit-tested with a stand-in and a development run never loads electron-updater.
//
// Rules: a check that fails (offline, the feed unreachable) is logged and shown as nothing;
// once a version is ready it stays ready and no more checks run (a restart is what is
// needed); installing happens only through `restart()`, i.e. the person's click.

import type { UpdateState } from '#common/update-state.ts';
import type { Logger } from '../../backend/log.ts';
import type { UpdatesPort } from '../../backend/updates-port.ts';

/** The part of electron-updater's AppUpdater this uses. */
export interface UpdaterLike {
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(
    event: 'update-available' | 'update-not-available' | 'update-downloaded',
    listener: (info: { version: string }) => void,
  ): unknown;
  on(event: 'error', listener: (error: Error, message?: string) => void): unknown;
  checkForUpdates(): Promise<{
    isUpdateAvailable: boolean;
    updateInfo: { version: string };
    downloadPromise?: Promise<unknown> | null;
  } | null>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface UpdateControllerOptions {
  /** Loads and configures the updater; called once, at the first check. */
  load: () => Promise<UpdaterLike>;
  log: Logger;
  /** Between automatic checks; default a day. */
  intervalMs?: number;
}

export class UpdateController implements UpdatesPort {
  #state: UpdateState = { state: 'idle' };
  readonly #listeners = new Set<(state: UpdateState) => void>();
  readonly #options: UpdateControllerOptions;
  #updater: Promise<UpdaterLike | null> | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(options: UpdateControllerOptions) {
    this.#options = options;
  }

  current(): UpdateState {
    return this.#state;
  }

  subscribe(listener: (state: UpdateState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The first check now, then one a day. */
  start(): void {
    if (this.#timer) return;
    void this.check();
    this.#timer = setInterval(() => void this.check(), this.#options.intervalMs ?? DAY_MS);
    this.#timer.unref?.();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /**
   * Looks for a newer version (downloading it when there is one) and resolves to the state
   * it leads to: `none`, `downloading`, `ready`, or `failed`. Never rejects.
   */
  async check(): Promise<UpdateState> {
    if (this.#ready()) return this.#state;
    const updater = await this.#loaded();
    if (!updater) {
      this.#set({ state: 'failed' });
      return this.#state;
    }
    try {
      const result = await updater.checkForUpdates();
      // The download's own failure arrives as an `error` event (logged there); unhandled,
      // its promise would reach the crash handler and show a dialog.
      result?.downloadPromise?.catch(() => {});
      if (!result) {
        // The updater refused to run at all (electron-updater logged why).
        this.#set({ state: 'failed' });
      } else if (!result.isUpdateAvailable) {
        this.#set({ state: 'none' });
      } else if (!this.#ready()) {
        this.#set({ state: 'downloading', version: result.updateInfo.version });
      }
    } catch {
      // Already logged by the updater's `error` event.
      if (!this.#ready()) this.#set({ state: 'failed' });
    }
    return this.#state;
  }

  restart(): void {
    if (this.#state.state !== 'ready') throw new Error('No update has been downloaded.');
    const version = this.#state.version;
    void this.#loaded().then((updater) => {
      if (!updater) return;
      this.#options.log.info(`updates: installing ${version} and restarting`);
      this.stop();
      try {
        // Silent on Windows (the installer's pages were seen at the first install), and the
        // new version opens by itself afterwards.
        updater.quitAndInstall(true, true);
      } catch (error) {
        this.#options.log.warn('updates: installing failed', error);
      }
    });
  }

  #loaded(): Promise<UpdaterLike | null> {
    this.#updater ??= this.#options.load().then(
      (updater) => {
        this.#listen(updater);
        return updater;
      },
      (error: unknown) => {
        this.#options.log.warn('updates: the updater could not be loaded', error);
        return null;
      },
    );
    return this.#updater;
  }

  #listen(updater: UpdaterLike): void {
    const keepReady = (next: UpdateState) => {
      if (!this.#ready()) this.#set(next);
    };
    updater.on('checking-for-update', () => keepReady({ state: 'checking' }));
    updater.on('update-not-available', () => keepReady({ state: 'none' }));
    updater.on('update-available', (info) =>
      keepReady({ state: 'downloading', version: info.version }),
    );
    updater.on('update-downloaded', (info) => {
      this.#options.log.info(`updates: version ${info.version} is downloaded and ready`);
      this.#set({ state: 'ready', version: info.version });
    });
    // electron-updater logs the error itself (through the logger main gives it).
    updater.on('error', () => keepReady({ state: 'failed' }));
  }

  /** Read through a method: the state changes across awaits, by events. */
  #ready(): boolean {
    return this.#state.state === 'ready';
  }

  #set(state: UpdateState): void {
    const same =
      state.state === this.#state.state &&
      ('version' in state ? state.version : null) ===
        ('version' in this.#state ? this.#state.version : null);
    this.#state = state;
    if (same) return;
    for (const listener of this.#listeners) {
      try {
        listener(state);
      } catch (error) {
        this.#options.log.warn('updates: a listener failed', error);
      }
    }
  }
}
