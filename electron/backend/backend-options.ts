// What the backend is built from: injected so Electron's main process, the test harness and
// the CLI share the same code.
import type { EventName, EventPayloads } from '#common/contract.ts';
import type { AppInfo, Settings } from '#common/models.ts';
import type { KeyStore } from './keychain/key-store.ts';
import type { Logger } from './log.ts';
import type { ClientTuning } from './palenca/client.ts';
import type { PlatformBridge } from './platform.ts';
import type { UpdatesPort } from './updates-port.ts';

export interface BackendOptions {
  /** The app's data folder: settings live here. Never holds a secret. */
  dataDir: string;
  keyStore: KeyStore;
  platform: PlatformBridge;
  log: Logger;
  appInfo: AppInfo;
  /** Pushes an event to the renderer. */
  emit: <E extends EventName>(event: E, payload: EventPayloads[E]) => void;
  /** Process environment, read for `PALENCA_API_URL`. */
  env: Record<string, string | undefined>;
  /** Client timing; tests shrink timeouts and backoff. */
  clientTuning?: Partial<ClientTuning>;
  /**
   * What sends Palenca's requests; default Node's global `fetch`. Electron's main process
   * passes `net.fetch` (electron/main/net-fetch.ts): the system's proxy settings (PAC, WPAD)
   * and certificate store, which Node's fetch ignores.
   */
  fetch?: typeof fetch;
  /**
   * The app's updater, when this copy can update itself (main gives it only then; the CLI
   * never). Absent: `getUpdateState` answers `off` and `restartToUpdate` `updates_off`.
   */
  updates?: UpdatesPort;
  /**
   * Told when a call of the page's changed the settings (`updateSettings`), with the settings
   * as saved: main re-labels its menus in a new language at once.
   */
  onSettingsChanged?: (settings: Settings) => void;
  /**
   * How long an export must have run for its end to be told by an OS notification when the
   * window is in the background; default 30 s. Tests shorten it.
   */
  exportNotifyAfterMs?: number;
}
