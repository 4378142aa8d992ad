// The app's updater as the window sees it: the `update` events, and once at start what it is
// doing already (a window that loads after the news still shows it). When a new version is
// ready the notice offers "Restart to update"; the backend refuses that while an export
// runs, and the notice says so.
import type { AppError } from '#common/result.ts';
import type { UpdateState } from '#common/update-state.ts';

class UpdatesState {
  #state = $state.raw<UpdateState>({ state: 'off' });
  /** The version the person put off with "Later" (the notice comes back for a newer one). */
  #dismissed = $state<string | null>(null);
  #restarting = $state(false);
  #error = $state<AppError | null>(null);
  #unsubscribe: (() => void) | null = null;
  #heard = false;

  get restarting(): boolean {
    return this.#restarting;
  }

  /** Why the restart was refused (an export is running…). */
  get error(): AppError | null {
    return this.#error;
  }

  /** The version ready to install, when the notice should show. */
  readonly ready = $derived(
    this.#state.state === 'ready' && this.#state.version !== this.#dismissed
      ? this.#state.version
      : null,
  );

  listen(): () => void {
    if (!this.#unsubscribe) {
      this.#heard = false;
      this.#unsubscribe = window.palenca.on('update', (state) => {
        this.#heard = true;
        this.#state = state;
      });
      void window.palenca.getUpdateState().then((result) => {
        // An event that came meanwhile is newer than this answer.
        if (result.ok && !this.#heard) this.#state = result.value;
      });
    }
    return () => {
      this.#unsubscribe?.();
      this.#unsubscribe = null;
    };
  }

  async restart(): Promise<void> {
    if (this.#restarting) return;
    this.#error = null;
    this.#restarting = true;
    const result = await window.palenca.restartToUpdate();
    // On success the app quits; "Restarting…" stays until it does.
    if (!result.ok) {
      this.#restarting = false;
      this.#error = result.error;
    }
  }

  /** "Later": the notice goes until the next version, or the next start. */
  dismiss(): void {
    if (this.#state.state === 'ready') this.#dismissed = this.#state.version;
    this.#error = null;
  }
}

export const updates = new UpdatesState();
