// What the backend needs from the app's updater. Electron's main process implements it with
// electron-updater (electron/main/updates/); the test harness with a stand-in that emits the
// same news; the CLI gives none, and then every update call answers that updates are off.
import type { UpdateState } from '#common/update-state.ts';

export interface UpdatesPort {
  /** What the updater is doing now. */
  current(): UpdateState;
  /** Called with every change of state; returns the function that stops it. */
  subscribe(listener: (state: UpdateState) => void): () => void;
  /**
   * Quits the app and installs the downloaded update. The backend calls it only when
   * `current()` is `ready` and no export is running.
   */
  restart(): void;
}
